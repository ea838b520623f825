"""Questionnaire versions as data: loading one from its JSON file, copying, publishing.

A file holds one version: code, version, title/description in az/en/ru, and principles
with their indicators (see ``data/smart-campaign-2010.json``).
"""

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Indicator, Principle, Questionnaire, QuestionnaireStatus, Topic

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_FILE = DATA_DIR / "smart-campaign-2010.json"
LANGUAGES = ("az", "en", "ru")


class QuestionnaireFileError(ValueError):
    pass


def _texts(node: dict[str, Any], key: str, where: str, *, required: bool = True) -> dict:
    texts = node.get(key) or {}
    if required and not all(str(texts.get(lang, "")).strip() for lang in LANGUAGES):
        raise QuestionnaireFileError(f"{where}: '{key}' needs az, en and ru")
    return {f"{key}_{lang}": str(texts.get(lang, "")).strip() for lang in LANGUAGES}


def _topic(node: dict[str, Any], model) -> dict:
    """The principle's topic, for models that have one (the first migrations' do not)."""
    if not any(field.name == "topic" for field in model._meta.get_fields()):
        return {}
    return {"topic": node.get("topic", "")}


def read_questionnaire_file(path: Path) -> dict[str, Any]:
    """Parse and check a questionnaire file; returns its data or raises QuestionnaireFileError."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise QuestionnaireFileError(f"{path}: {exc}") from exc
    for key in ("code", "version", "principles"):
        if not data.get(key):
            raise QuestionnaireFileError(f"{path}: '{key}' is missing")
    _texts(data, "title", "questionnaire")
    seen: set[str] = set()
    for principle in data["principles"]:
        where = f"principle {principle.get('number')}"
        _texts(principle, "title", where)
        if not principle.get("indicators"):
            raise QuestionnaireFileError(f"{where}: no indicators")
        if principle.get("topic", "") not in ("", *Topic.values):
            raise QuestionnaireFileError(f"{where}: unknown topic {principle['topic']!r}")
        for indicator in principle["indicators"]:
            code = indicator.get("code", "")
            if not code or code in seen:
                raise QuestionnaireFileError(
                    f"{where}: indicator code {code!r} missing or repeated"
                )
            seen.add(code)
            _texts(indicator, "text", f"indicator {code}")
            if indicator.get("critical") and indicator.get("allows_na"):
                raise QuestionnaireFileError(f"indicator {code}: critical yet 'not applicable'")
    return data


def load_questionnaire(data: dict[str, Any], *, models: dict[str, Any], publish: bool = True):
    """Create the version described by ``data`` unless it exists; returns (questionnaire, created).

    ``models`` maps "Questionnaire", "Principle" and "Indicator" to model classes, so that a
    data migration can pass its historical models.
    """
    Questionnaire = models["Questionnaire"]
    Principle = models["Principle"]
    Indicator = models["Indicator"]
    existing = Questionnaire.objects.filter(code=data["code"], version=data["version"]).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            code=data["code"],
            version=data["version"],
            status="draft",
            **_texts(data, "title", "questionnaire"),
            **_texts(data, "description", "questionnaire", required=False),
        )
        for principle_data in data["principles"]:
            principle = Principle.objects.create(
                questionnaire=questionnaire,
                number=principle_data["number"],
                code=principle_data.get("code") or f"P{principle_data['number']}",
                **_texts(principle_data, "title", "principle"),
                **_texts(principle_data, "description", "principle", required=False),
                **_topic(principle_data, Principle),
            )
            Indicator.objects.bulk_create(
                Indicator(
                    principle=principle,
                    code=item["code"],
                    position=position,
                    weight=int(item.get("weight", 1)),
                    is_critical=bool(item.get("critical", False)),
                    allows_na=bool(item.get("allows_na", False)),
                    **_texts(item, "text", "indicator"),
                    **_texts(item, "guidance", "indicator", required=False),
                )
                for position, item in enumerate(principle_data["indicators"], start=1)
            )
        if publish:
            questionnaire.status = "published"
            questionnaire.published_at = timezone.now()
            questionnaire.save(update_fields=["status", "published_at"])
    return questionnaire, True


CURRENT_MODELS = {"Questionnaire": Questionnaire, "Principle": Principle, "Indicator": Indicator}


def questionnaire_load_file(*, path: Path, publish: bool = True) -> tuple[Questionnaire, bool]:
    data = read_questionnaire_file(path)
    return load_questionnaire(data, models=CURRENT_MODELS, publish=publish)


def questionnaire_load_default() -> tuple[Questionnaire, bool]:
    return questionnaire_load_file(path=DEFAULT_FILE)


def questionnaire_copy(*, source: Questionnaire, version: str) -> Questionnaire:
    """A new draft version with the same principles and indicators, for an administrator to edit."""
    with transaction.atomic():
        copy = Questionnaire.objects.create(
            code=source.code,
            version=version,
            title_az=source.title_az,
            title_en=source.title_en,
            title_ru=source.title_ru,
            description_az=source.description_az,
            description_en=source.description_en,
            description_ru=source.description_ru,
        )
        for principle in source.principles.prefetch_related("indicators"):
            indicators = list(principle.indicators.all())
            principle.pk = None
            principle.questionnaire = copy
            principle.save()
            for indicator in indicators:
                indicator.pk = None
                indicator.principle = principle
            Indicator.objects.bulk_create(indicators)
    return copy


def questionnaire_publish(*, questionnaire: Questionnaire) -> None:
    if not questionnaire.is_draft:
        raise ValueError(_("Only a draft can be published."))
    empty = questionnaire.principles.exclude(pk__in=Indicator.objects.values("principle")).exists()
    if not questionnaire.principles.exists() or empty:
        raise ValueError(_("Every principle needs at least one indicator."))
    questionnaire.status = QuestionnaireStatus.PUBLISHED
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])
