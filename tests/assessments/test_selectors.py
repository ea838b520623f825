"""Reading assessments: a principle's page, the previous assessment, the history table."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import ActionItem, Assessment, Indicator, Principle
from assessments.questionnaires import questionnaire_copy, questionnaire_publish
from assessments.selectors import (
    action_items_due,
    current_assessment,
    existing_assessment,
    fill_rows,
    history_table,
    institution_history,
    previous_assessment,
    principle_navigation,
    returned_assessments,
    returned_note,
)
from assessments.services import (
    ReviewEntry,
    answers_save,
    assessment_decide,
    assessment_start,
    assessment_submit,
    review_save,
)
from tests.assessments.test_reports import submit
from tests.assessments.test_services import answer_all, entry, indicators_of

pytestmark = pytest.mark.django_db


def test_a_principle_page_knows_its_neighbours_and_the_progress(assessment, manager):
    answers_save(
        assessment=assessment, entries=[entry(indicators_of(assessment)[0], "meets")], by=manager
    )
    first = principle_navigation(assessment=assessment, number=1)
    assert (first.previous_number, first.next_number) == (None, 2)
    assert (first.current.principle.number, first.current.answered, first.current.total) == (
        1,
        1,
        3,
    )
    assert (first.answered, first.total) == (1, 6)
    last = principle_navigation(assessment=assessment, number=2)
    assert (last.previous_number, last.next_number, last.current.answered) == (1, None, 0)


def test_each_row_shows_the_conflict_and_what_was_not_saved(assessment, manager, english):
    first, second, third = indicators_of(assessment)[:3]
    answers_save(assessment=assessment, entries=[entry(first, "meets", "Onların")], by=manager)
    theirs = first.answers.get()
    rows = [{"indicator": indicator, "response": "field"} for indicator in (first, second, third)]
    shown = fill_rows(
        rows=rows, conflicts={first.pk: theirs}, unsaved=[entry(second, "partial", "Mənim")]
    )
    assert [(row["conflict"], row["unsaved"]) for row in shown] == [
        (theirs, None),
        (None, {"response": "Partially meets", "comment": "Mənim"}),
        (None, None),
    ]
    assert shown[0]["response"] == "field"
    assert "conflict" not in rows[0]


def test_the_return_note_shows_while_the_assessment_stands_returned(assessment, manager, regulator):
    assert returned_note(assessment=assessment) is None
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    assessment_decide(assessment=assessment, accept=False, note="Düzəldin", by=regulator)
    assessment.refresh_from_db()
    note = returned_note(assessment=assessment)
    assert (note.note, note.actor) == ("Düzəldin", regulator)
    assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    assert returned_note(assessment=assessment) is None


def test_the_existing_assessment_of_a_period(assessment, institution, small_questionnaire):
    found = {
        period: existing_assessment(
            institution=institution, questionnaire=small_questionnaire, period=period
        )
        for period in ("2026", "2026-H1", "2025")
    }
    assert found == {"2026": assessment, "2026-H1": None, "2025": None}


def test_the_previous_assessment_ended_before_this_one_began(
    institution, manager, small_questionnaire
):
    """Periods compare by dates, not as text: "2026" is not before "2026-H1", and "2026-H2"
    (July to December) is not before "2026-Q3"."""
    made = {
        period: submit(institution, small_questionnaire, period, manager, "meets")
        for period in ("2025", "2026", "2026-H1", "2026-H2", "2026-Q3")
    }
    previous = {
        period: getattr(previous_assessment(assessment=assessment), "period_label", None)
        for period, assessment in made.items()
    }
    assert previous == {
        "2025": None,
        "2026": "2025",
        "2026-H1": "2025",
        "2026-H2": "2026-H1",
        "2026-Q3": "2026-H1",
    }


def test_of_periods_ending_on_one_day_the_shortest_is_the_previous(
    institution, manager, small_questionnaire
):
    for period in ("2026-H2", "2026-Q4", "2026"):
        submit(institution, small_questionnaire, period, manager, "meets")
    later = submit(institution, small_questionnaire, "2027-Q1", manager, "meets")
    assert previous_assessment(assessment=later).period_label == "2026-Q4"


def test_of_one_period_in_two_versions_the_latest_submitted_is_the_previous(
    institution, manager, small_questionnaire
):
    """Any version of the questionnaire counts; then the latest submission, then the latest
    made."""
    newer = questionnaire_copy(source=small_questionnaire, version="2")
    questionnaire_publish(questionnaire=newer)
    first = submit(institution, newer, "2026", manager, "meets")
    second = submit(institution, small_questionnaire, "2026", manager, "meets")
    later = submit(institution, newer, "2027", manager, "meets")
    assert previous_assessment(assessment=later) == second
    Assessment.objects.filter(pk=first.pk).update(submitted_at=timezone.now())
    assert previous_assessment(assessment=later) == first
    Assessment.objects.filter(pk__in=[first.pk, second.pk]).update(submitted_at=timezone.now())
    assert previous_assessment(assessment=later) == max(first, second, key=lambda a: a.pk)


def test_the_previous_assessment_is_one_query(
    institution, manager, small_questionnaire, django_assert_num_queries
):
    for period in ("2024", "2025-H1", "2025-H2"):
        submit(institution, small_questionnaire, period, manager, "meets")
    later = Assessment.objects.select_related("questionnaire").get(
        pk=submit(institution, small_questionnaire, "2026", manager, "meets").pk
    )
    with django_assert_num_queries(1):
        previous = previous_assessment(assessment=later)
    assert previous.period_label == "2025-H2"
    assert previous.questionnaire == small_questionnaire


def test_the_history_table_has_a_row_per_principle_number_and_a_column_per_assessment(
    institution, manager, small_questionnaire
):
    """Versions share their principles' numbers; one without a principle shows none for it."""
    newer = questionnaire_copy(source=small_questionnaire, version="2")
    extra = Principle.objects.create(
        questionnaire=newer, number=3, code="P3", title_az="Prinsip 3", title_en="Principle 3"
    )
    Indicator.objects.create(principle=extra, code="3.1", text_az="İndikator 3.1")
    questionnaire_publish(questionnaire=newer)
    submit(institution, small_questionnaire, "2025", manager, "partial")
    submit(institution, newer, "2026", manager, "meets")
    assessments = list(institution_history(institution=institution))
    table = history_table(assessments=assessments)
    assert [(row.principle.number, row.scores) for row in table] == [
        (1, [Decimal("50.00"), Decimal("100.00")]),
        (2, [Decimal("50.00"), Decimal("100.00")]),
        (3, [None, Decimal("100.00")]),
    ]
    assert history_table(assessments=[]) == []


def test_the_current_assessment_is_the_newest_still_being_filled_in(
    assessment, institution, manager, small_questionnaire
):
    older = assessment_start(
        institution=institution,
        questionnaire=small_questionnaire,
        period="2025",
        kind="self",
        by=manager,
    )
    assert current_assessment(assessments=Assessment.objects.all()) == assessment
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    assert current_assessment(assessments=Assessment.objects.all()) == older
    assert current_assessment(assessments=Assessment.objects.exclude(pk=older.pk)) is None


def test_returned_assessments_carry_the_return_note_and_how_many_answers_have_notes(
    assessment, manager, regulator
):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    assert returned_assessments(assessments=Assessment.objects.all()) == []
    first, second = indicators_of(assessment)[:2]
    review_save(
        assessment=assessment,
        entries=[
            ReviewEntry(indicator=first, verdict="partial", note="Sənəd yoxdur"),
            ReviewEntry(indicator=second, verdict="meets", note=""),
        ],
        by=regulator,
    )
    assessment_decide(assessment=assessment, accept=False, note="Düzəldin", by=regulator)
    [returned] = returned_assessments(assessments=Assessment.objects.all())
    assert returned == assessment
    assert returned.noted == 1
    assert [(step.note, step.actor) for step in returned.returns] == [("Düzəldin", regulator)]


def test_action_items_due_within_30_days_or_overdue_and_not_done(assessment):
    today = datetime.date(2026, 11, 10)
    plan = {
        -3: "open",  # overdue
        0: "in_progress",
        30: "open",
        31: "open",  # too far ahead
        60: "open",
        -5: "done",  # done, however late
    }
    for indicator, (days, status) in zip(indicators_of(assessment), plan.items(), strict=True):
        ActionItem.objects.create(
            assessment=assessment,
            indicator=indicator,
            what=f"{days}",
            responsible="Hüquq şöbəsi",
            due_on=today + datetime.timedelta(days=days),
            status=status,
        )
    due = action_items_due(assessments=Assessment.objects.all(), today=today)
    assert [(item.what, item.overdue) for item in due] == [
        ("-3", True),
        ("0", False),
        ("30", False),
    ]
    assert not action_items_due(assessments=Assessment.objects.none(), today=today)
