import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import (
    Indicator,
    Principle,
    Questionnaire,
    QuestionnaireFrozen,
    QuestionnaireStatus,
)
from assessments.questionnaires import (
    DEFAULT_FILE,
    QuestionnaireFileError,
    questionnaire_copy,
    questionnaire_load_default,
    questionnaire_publish,
    read_questionnaire_file,
)
from tests.factories import make_questionnaire

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_default_questionnaire_ships_with_the_migrations():
    questionnaire = Questionnaire.objects.get(code="smart-2010")
    assert questionnaire.status == QuestionnaireStatus.PUBLISHED
    assert questionnaire.title_en == "Client protection, six principles (2010)"
    principles = list(questionnaire.principles.order_by("number"))
    assert [p.number for p in principles] == [1, 2, 3, 4, 5, 6]
    assert principles[0].title_az == "Həddən artıq borclanmanın qarşısının alınması"
    for principle in principles:
        indicators = list(principle.indicators.all())
        assert 5 <= len(indicators) <= 8
        assert any(indicator.is_critical for indicator in indicators)
        for indicator in indicators:
            for language in ("az", "en", "ru"):
                assert getattr(indicator, f"text_{language}").strip()
                assert getattr(indicator, f"guidance_{language}").strip()


def test_loading_the_default_again_creates_nothing():
    before = (Questionnaire.objects.count(), Indicator.objects.count())
    questionnaire, created = questionnaire_load_default()
    assert not created
    assert (Questionnaire.objects.count(), Indicator.objects.count()) == before


def test_a_published_version_cannot_be_changed_in_any_way():
    questionnaire = make_questionnaire()
    principle = questionnaire.principles.first()
    indicator = principle.indicators.first()
    questionnaire.title_en = "Changed"
    with pytest.raises(QuestionnaireFrozen):
        questionnaire.save()
    principle.title_en = "Changed"
    with pytest.raises(QuestionnaireFrozen):
        principle.save()
    indicator.weight = 3
    with pytest.raises(QuestionnaireFrozen):
        indicator.save()
    with pytest.raises(QuestionnaireFrozen):
        Indicator.objects.filter(principle=principle).update(weight=5)
    with pytest.raises(QuestionnaireFrozen):
        Principle.objects.filter(questionnaire=questionnaire).delete()
    with pytest.raises(QuestionnaireFrozen):
        indicator.delete()
    with pytest.raises(QuestionnaireFrozen):
        Questionnaire.objects.get(pk=questionnaire.pk).delete()
    with pytest.raises(QuestionnaireFrozen):
        Indicator.objects.create(principle=principle, code="9.9", text_az="Yeni")
    assert Indicator.objects.get(pk=indicator.pk).weight == 1
    assert not Indicator.objects.filter(code="9.9").exists()


def test_a_published_version_can_be_retired_but_not_brought_back():
    questionnaire = make_questionnaire()
    questionnaire.status = QuestionnaireStatus.RETIRED
    questionnaire.save()
    questionnaire.status = QuestionnaireStatus.PUBLISHED
    with pytest.raises(QuestionnaireFrozen):
        questionnaire.save()


def test_copying_makes_an_editable_draft_with_the_same_content():
    source = make_questionnaire(principles=2, indicators=4)
    copy = questionnaire_copy(source=source, version="2")
    assert copy.status == QuestionnaireStatus.DRAFT
    assert copy.principles.count() == 2
    assert Indicator.objects.filter(principle__questionnaire=copy).count() == 8
    indicator = Indicator.objects.filter(principle__questionnaire=copy).first()
    indicator.weight = 3
    indicator.save()
    assert Indicator.objects.filter(principle__questionnaire=source, weight=3).count() == 0
    questionnaire_publish(questionnaire=copy)
    copy.refresh_from_db()
    assert copy.status == QuestionnaireStatus.PUBLISHED


def test_publishing_needs_indicators_in_every_principle():
    draft = Questionnaire.objects.create(code="empty", version="1", title_az="Boş")
    Principle.objects.create(questionnaire=draft, number=1, code="P1", title_az="P")
    with pytest.raises(ValueError, match="indicator"):
        questionnaire_publish(questionnaire=draft)


def test_a_broken_file_is_refused_with_the_reason(tmp_path):
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    data["principles"][0]["indicators"][0]["text"]["ru"] = ""
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(QuestionnaireFileError, match="needs az, en and ru"):
        read_questionnaire_file(path)
    with pytest.raises(CommandError, match="needs az, en and ru"):
        call_command("load_questionnaire", str(path))


def test_the_command_loads_a_new_version_as_a_draft(tmp_path, capsys):
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    data["version"] = "1.1"
    path = tmp_path / "next.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("load_questionnaire", str(path), "--draft")
    assert "loaded" in capsys.readouterr().out
    assert Questionnaire.objects.get(version="1.1").status == QuestionnaireStatus.DRAFT
