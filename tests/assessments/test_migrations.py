"""The migrations that turn a period's text into its first and last day, run on real old rows:
the database goes back to before them, gets rows as they were stored then, and comes forward."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import InstitutionFactory

BEFORE = [("assessments", "0004_import_step_and_period_years")]
AFTER = [("assessments", "0006_period_text_dropped")]


def migrate(targets):
    """The database migrated to ``targets``; the models as they stood there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old(transactional_db, questionnaire):
    """The models before the period had dates; everything migrated forward again afterwards."""
    institutions = [InstitutionFactory(code=f"old-{n}") for n in range(3)]
    apps = migrate(BEFORE)
    yield apps, institutions, questionnaire
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def stored(apps, institution, questionnaire, period, *, history=False):
    """A row as the code of the time stored it (its validator not run, as with an update)."""
    fields = {
        "institution_id": institution.pk,
        "questionnaire_id": questionnaire.pk,
        "period": period,
        "kind": "self",
        "status": "submitted",
    }
    if history:
        model = apps.get_model("assessments", "HistoricalAssessment")
        return model.objects.create(
            id=1000,
            created_at=timezone.now(),
            history_date=timezone.now(),
            history_type="~",
            **fields,
        )
    return apps.get_model("assessments", "Assessment").objects.create(**fields)


def dates(first, last):
    return datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)


def test_every_stored_period_becomes_its_dates_and_keeps_its_label(old):
    apps, (first, second, third), questionnaire = old
    texts = {
        "2026": (first, dates("2026-01-01", "2026-12-31")),
        "2026-H1": (first, dates("2026-01-01", "2026-06-30")),
        "2026-H2": (first, dates("2026-07-01", "2026-12-31")),
        "2024-Q1": (first, dates("2024-01-01", "2024-03-31")),
        "1900-Q4": (first, dates("1900-10-01", "1900-12-31")),
        # What the first validator let in (\d, "$"), and small letters: read as meant.
        "٢٠٢٦": (second, dates("2026-01-01", "2026-12-31")),
        "2025\n": (second, dates("2025-01-01", "2025-12-31")),
        "2026-h2": (third, dates("2026-07-01", "2026-12-31")),
    }
    made = {
        text: stored(apps, place, questionnaire, text).pk for text, (place, _d) in texts.items()
    }
    history = stored(apps, first, questionnaire, "2026-Q3", history=True)

    apps = migrate(AFTER)
    assessments = apps.get_model("assessments", "Assessment").objects
    for text, (_place, span) in texts.items():
        row = assessments.get(pk=made[text])
        assert (row.period_start, row.period_end) == span, text
    record = apps.get_model("assessments", "HistoricalAssessment").objects.get(pk=history.pk)
    assert (record.period_start, record.period_end) == dates("2026-07-01", "2026-09-30")

    from assessments.models import Assessment

    labels = {text: Assessment.objects.get(pk=pk).period_label for text, pk in made.items()}
    assert labels == {
        "2026": "2026",
        "2026-H1": "2026-H1",
        "2026-H2": "2026-H2",
        "2024-Q1": "2024-Q1",
        "1900-Q4": "1900-Q4",
        "٢٠٢٦": "2026",
        "2025\n": "2025",
        "2026-h2": "2026-H2",
    }


def test_a_period_that_names_none_stops_the_migration_and_is_listed(old):
    apps, (first, second, _third), questionnaire = old
    good = stored(apps, first, questionnaire, "2026")
    # Let in by the first validator, or stored past it: no period from 1900 to 2099.
    odd = [stored(apps, first, questionnaire, text) for text in ("9999", "0000", "26", "")]
    twice = [stored(apps, second, questionnaire, text) for text in ("2026-Q1", "٢٠٢٦-Q1")]
    history = stored(apps, second, questionnaire, "2026-H3", history=True)

    with pytest.raises(ValueError, match="correct them and migrate again") as refused:
        migrate(AFTER)
    message = str(refused.value)
    for row in odd:
        assert f"Assessment id={row.pk} (assessment {row.pk}): period {row.period!r}" in message
    assert f"Assessment id={twice[0].pk}, {twice[1].pk}: the same institution" in message
    assert f"HistoricalAssessment history_id={history.history_id} (assessment 1000)" in message
    assert f"\nAssessment id={good.pk} " not in message

    # Nothing was changed: the rows keep their text until they are corrected; then it goes on.
    apps = migrate(BEFORE)
    assessments = apps.get_model("assessments", "Assessment").objects
    assert assessments.get(pk=odd[0].pk).period == "9999"
    for row, text in zip(odd + twice[1:], ["2019", "2020", "2021", "2022", "2026-Q2"], strict=True):
        assessments.filter(pk=row.pk).update(period=text)
    apps.get_model("assessments", "HistoricalAssessment").objects.filter(pk=history.pk).update(
        period="2026-H2"
    )
    apps = migrate(AFTER)
    assert apps.get_model("assessments", "Assessment").objects.get(pk=odd[0].pk).period_end == (
        datetime.date(2019, 12, 31)
    )


def test_going_back_gives_each_row_its_text(old):
    apps, (first, *_rest), questionnaire = old
    made = {text: stored(apps, first, questionnaire, text).pk for text in ("2026", "2026-Q3")}
    history = stored(apps, first, questionnaire, "2025-H2", history=True)
    migrate(AFTER)

    apps = migrate(BEFORE)
    assessments = apps.get_model("assessments", "Assessment").objects
    assert {text: assessments.get(pk=pk).period for text, pk in made.items()} == {
        "2026": "2026",
        "2026-Q3": "2026-Q3",
    }
    record = apps.get_model("assessments", "HistoricalAssessment").objects.get(pk=history.pk)
    assert record.period == "2025-H2"


@pytest.fixture
def before_submitted_copy(transactional_db, questionnaire):
    """The models before answers kept a submitted copy; migrated forward again afterwards."""
    institutions = [InstitutionFactory(code=f"copy-{n}") for n in range(2)]
    apps = migrate([("assessments", "0008_text_limits")])
    yield apps, institutions, questionnaire
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_submitted_copy_is_taken_from_the_history_of_a_returned_assessment(
    before_submitted_copy,
):
    apps, (returned_place, accepted_place), questionnaire = before_submitted_copy
    submitted_at = timezone.now() - datetime.timedelta(days=3)
    indicators = list(
        apps.get_model("assessments", "Indicator")
        .objects.filter(principle__questionnaire_id=questionnaire.pk)
        .order_by("pk")[:2]
    )
    Assessment = apps.get_model("assessments", "Assessment")
    Answer = apps.get_model("assessments", "Answer")
    HistoricalAnswer = apps.get_model("assessments", "HistoricalAnswer")
    made = {}
    for place, status in ((returned_place, "returned"), (accepted_place, "accepted")):
        made[status] = Assessment.objects.create(
            institution_id=place.pk,
            questionnaire_id=questionnaire.pk,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
            status=status,
            submitted_at=submitted_at,
        )
    returned = made["returned"]
    changed = Answer.objects.create(
        assessment=returned, indicator=indicators[0], response="not_met", comment="Dəyişiklik"
    )
    untouched = Answer.objects.create(
        assessment=returned, indicator=indicators[1], response="meets"
    )
    for answer, when, response, comment in (
        (changed, submitted_at - datetime.timedelta(hours=2), "meets", "İlk"),
        (changed, submitted_at - datetime.timedelta(hours=1), "partial", "Təqdim olunan"),
        (changed, submitted_at + datetime.timedelta(hours=1), "not_met", "Dəyişiklik"),
    ):
        HistoricalAnswer.objects.create(
            id=answer.pk,
            assessment_id=returned.pk,
            indicator_id=answer.indicator_id,
            response=response,
            comment=comment,
            version=1,
            updated_at=when,
            history_date=when,
            history_type="~",
        )
    accepted = Answer.objects.create(
        assessment=made["accepted"], indicator=indicators[0], response="partial", comment="Q"
    )

    apps = migrate([("assessments", "0009_submitted_answers")])
    copies = {
        row.pk: (row.submitted_response, row.submitted_comment)
        for row in apps.get_model("assessments", "Answer").objects.all()
    }
    assert copies == {
        changed.pk: ("partial", "Təqdim olunan"),
        untouched.pk: ("meets", ""),
        accepted.pk: ("partial", "Q"),
    }


@pytest.fixture
def two_decimal_snapshots(transactional_db, questionnaire):
    """The models while snapshots held two decimals; migrated forward again afterwards."""
    institutions = [InstitutionFactory(code=f"score-{n}") for n in range(2)]
    apps = migrate([("assessments", "0009_submitted_answers")])
    yield apps, institutions, questionnaire
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_two_decimal_snapshot_becomes_the_figure_rounded_once(two_decimal_snapshots):
    apps, (place, other), questionnaire = two_decimal_snapshots
    Assessment = apps.get_model("assessments", "Assessment")
    PrincipleScore = apps.get_model("assessments", "PrincipleScore")
    principles = list(
        apps.get_model("assessments", "Principle")
        .objects.filter(questionnaire_id=questionnaire.pk)
        .order_by("number")[:2]
    )
    made = {}
    # 126 of 136 was stored as 92.65 (shown 92.7); 100 × 159.9 ÷ 200 = 79.95 stays, strong.
    for institution, rows, overall, band in (
        (place, [(120, 128, "93.75"), (6, 8, "75.00")], "92.65", "strong"),
        (other, [(159.9, 200, "79.95"), (0, 0, None)], "79.95", "improve"),
    ):
        assessment = Assessment.objects.create(
            institution_id=institution.pk,
            questionnaire_id=questionnaire.pk,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
            status="submitted",
            submitted_at=timezone.now(),
            overall_score=overall,
            band=band,
        )
        for principle, (earned, possible, score) in zip(principles, rows, strict=True):
            PrincipleScore.objects.create(
                assessment=assessment,
                principle=principle,
                score=score,
                earned=earned,
                possible=possible,
                applicable=1,
                total=1,
            )
        made[institution.pk] = assessment.pk

    apps = migrate([("assessments", "0010_scores_rounded_once")])
    Assessment = apps.get_model("assessments", "Assessment")
    first = Assessment.objects.get(pk=made[place.pk])
    assert (str(first.overall_score), first.band) == ("92.60", "strong")
    assert [str(s.score) for s in first.principle_scores.order_by("principle__number")] == [
        "93.80",
        "75.00",
    ]
    second = Assessment.objects.get(pk=made[other.pk])
    assert (str(second.overall_score), second.band) == ("80.00", "strong")
    assert [s.score for s in second.principle_scores.order_by("principle__number")][1] is None
