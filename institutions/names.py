"""Institution names: one normal form (NFC) and no invisible characters, wherever a name is
typed or imported; and the Azerbaijani case folding the search compares names in."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Control (Cc), format (Cf: bidi overrides and isolates, zero-width spaces and joiners, the
# BOM, soft hyphens) and line or paragraph separators: nothing a published name should hold.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def name_normalise(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _refused_character(value: str) -> str | None:
    for character in value:
        if unicodedata.category(character) in _REFUSED_CATEGORIES:
            return character
    return None


@deconstructible
class NameValidator:
    """Refuses control, bidi-override and zero-width characters, naming the first one."""

    message = _(
        "The name contains an invisible or control character (%(code)s): type the name "
        "again without it."
    )

    def __call__(self, value: str) -> None:
        character = _refused_character(value)
        if character is not None:
            raise ValidationError(
                self.message, code="invisible_character", params={"code": f"U+{ord(character):04X}"}
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NameValidator)


validate_name = NameValidator()


def fold_az(value: str) -> str:
    """Lower case the Azerbaijani way: İ is the capital of i, I the capital of ı."""
    return unicodedata.normalize("NFC", value).replace("İ", "i").replace("I", "ı").lower()


def fold_plain(value: str) -> str:
    """Lower case as English and Russian write it (I is the capital of i)."""
    return unicodedata.normalize("NFC", value).lower()


def search_text(code: str, names: list[str]) -> str:
    """What the name search looks in: the code and every name, folded both ways."""
    folded = [code.lower()]
    folded += [
        fold(name_normalise(name)) for name in names if name for fold in (fold_az, fold_plain)
    ]
    return "\n".join(dict.fromkeys(folded))
