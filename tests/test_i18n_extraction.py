"""Every text the code marks for translation is in the catalogs (Python and templates alike),
so that nothing shows in English to an Azerbaijani or Russian reader."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
# Every package of the project but the tests and the benchmarks.
SOURCE_DIRS = sorted(
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name not in {"tests", "bench"}
)
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
}
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
TRANSLATE_CALL = re.compile(r"""_\((["'])(.+?)\1\)""")
BLOCK = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def catalog_ids(language: str) -> set[str]:
    with (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def python_messages() -> set[str]:
    found = set()
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for _line, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS
            ):
                found.add(message if isinstance(message, str) else message[0])
    return found


def template_messages() -> set[str]:
    found = set()
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        # Django doubles a literal % of a translate tag in the catalog, and looks it up so.
        found.update(message.replace("%", "%%") for _q, message in TRANSLATE.findall(text))
        found.update(message.replace("%", "%%") for _q, message in TRANSLATE_CALL.findall(text))
        for body in BLOCK.findall(text):
            singular = re.split(r"{%\s*plural\s*%}", body)[0]
            # Django doubles a literal % in blocktranslate texts, as gettext expects.
            found.add(VARIABLE.sub(r"%(\1)s", singular.replace("%", "%%")))
    return found


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_every_marked_text_is_in_the_catalog(language):
    known = catalog_ids(language)
    missing = sorted((python_messages() | template_messages()) - known)
    assert missing == [], f"run `make messages` and translate: {missing}"


def test_the_extraction_finds_texts_from_both_sources():
    assert "Log in to SmartPortal" in template_messages()
    assert "Welcome, %(name)s" in template_messages()
    assert "Row %(row)s: %(message)s" in python_messages()
