"""The principle page's form: what it shows after a save with conflicts, and refusals."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from assessments.forms import PrincipleAnswersForm
from assessments.selectors import principle_indicators
from assessments.services import answer_fingerprint, answers_save
from tests.assessments.test_services import entry, indicators_of

pytestmark = pytest.mark.django_db


def posted(indicators, answers):
    """What a page opened before any answer sends: ``answers`` maps indicator -> response."""
    data = QueryDict(mutable=True)
    for indicator in indicators:
        prefix = PrincipleAnswersForm.prefix_for(indicator)
        data.update(
            {
                f"{prefix}-response": answers.get(indicator, ""),
                f"{prefix}-comment": "",
                f"{prefix}-version": "0",
                f"{prefix}-seen": answer_fingerprint("", ""),
            }
        )
    return data


def test_after_conflicts_the_users_entries_stay_and_the_rest_shows_what_is_stored(
    assessment, manager
):
    principle = assessment.questionnaire.principles.get(number=1)
    first, second, third = indicators_of(assessment)[:3]
    page = principle_indicators(assessment=assessment, principle=principle)
    form = PrincipleAnswersForm(posted(page, {first: "not_met"}), indicators=page)
    assert form.is_valid()
    answers_save(
        assessment=assessment,
        entries=[entry(first, "meets"), entry(second, "partial", "Həmkarın")],
        by=manager,
    )
    stored = principle_indicators(assessment=assessment, principle=principle)
    shown = form.after_conflicts(stored)
    values = {
        name: shown[f"i{first.pk}-{name}"].value() for name in ("response", "version", "seen")
    }
    # Kept as typed, but now counted as having seen the other save: saving again is deliberate.
    assert values == {"response": "not_met", "version": 1, "seen": answer_fingerprint("meets", "")}
    assert shown[f"i{second.pk}-response"].value() == "partial"
    assert shown[f"i{second.pk}-comment"].value() == "Həmkarın"
    assert shown[f"i{third.pk}-response"].value() == ""
    assert shown.is_bound and shown.is_valid()


def test_a_refusal_shows_beside_the_field_it_names_or_above_all(assessment):
    principle = assessment.questionnaire.principles.get(number=1)
    page = principle_indicators(assessment=assessment, principle=principle)
    form = PrincipleAnswersForm(posted(page, {}), indicators=page)
    assert form.is_valid()
    files = f"i{page[0].pk}-files"
    form.add_refusal(ValidationError({files: ["a.exe: no"], "elsewhere": ["read-only"]}))
    form.add_refusal(ValidationError("Submitted meanwhile"))
    assert form.errors[files] == ["a.exe: no"]
    assert form.non_field_errors() == ["read-only", "Submitted meanwhile"]
