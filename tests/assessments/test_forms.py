"""The principle page's form: what it shows after a save with conflicts, and refusals."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from assessments.forms import PrincipleAnswersForm
from assessments.models import Answer
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


def test_a_comment_over_the_limit_is_refused_beside_it_and_kept_as_typed(assessment, english):
    principle = assessment.questionnaire.principles.get(number=1)
    page = principle_indicators(assessment=assessment, principle=principle)
    data = posted(page, {page[0]: "meets"})
    typed = "Siyasət sənədi. " * 400
    data[f"i{page[0].pk}-comment"] = typed
    form = PrincipleAnswersForm(data, indicators=page)
    assert not form.is_valid()
    assert form.errors[f"i{page[0].pk}-comment"] == [
        "This text has 6399 characters; at most 5000 are allowed. Shorten it and save again."
    ]
    assert form[f"i{page[0].pk}-comment"].value() == typed
    # No maxlength: a browser would cut a pasted text short without a word.
    assert "maxlength" not in str(form[f"i{page[0].pk}-comment"])


def test_a_longer_comment_stored_before_the_limit_passes_while_left_alone(assessment, manager):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "meets", "qısa")], by=manager)
    legacy = "köhnə sətir\n" * 600
    Answer.objects.filter(indicator=first).update(comment=legacy.strip())
    principle = assessment.questionnaire.principles.get(number=1)
    page = principle_indicators(assessment=assessment, principle=principle)
    data = posted(page, {})
    # As a browser sends it back: with its line breaks as CR LF.
    data[f"i{first.pk}-comment"] = legacy.replace("\n", "\r\n")
    assert PrincipleAnswersForm(data, indicators=page).is_valid()
    data[f"i{first.pk}-comment"] = legacy + "və yeni söz"
    assert not PrincipleAnswersForm(data, indicators=page).is_valid()


def test_review_notes_action_items_and_decisions_are_bounded_too(assessment, manager, english):
    from assessments.forms import ActionItemForm, DecisionForm, ReviewForm
    from assessments.models import ActionItem

    answers_save(
        assessment=assessment,
        entries=[entry(i, "partial") for i in indicators_of(assessment)],
        by=manager,
    )
    principle = assessment.questionnaire.principles.get(number=1)
    page = principle_indicators(assessment=assessment, principle=principle)
    note = f"i{page[0].pk}-note"
    review = ReviewForm({note: "n" * 5001}, indicators=page)
    assert not review.is_valid()
    assert "at most 5000" in review.errors[note][0]
    assert review[note].value() == "n" * 5001
    assert not DecisionForm({"note": "d" * 5001}).is_valid()
    assert DecisionForm({"note": "d" * 5000}).is_valid()
    item = ActionItem(assessment=assessment, indicator=page[0])
    form = ActionItemForm(
        {
            "what": "w" * 5001,
            "responsible": "Hüquq şöbəsi",
            "due_on": "2099-01-01",
            "status": "open",
        },
        instance=item,
    )
    assert not form.is_valid()
    assert "at most 5000" in form.errors["what"][0]
    assert "maxlength" not in str(form["what"])
