import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    EventAction,
    Evidence,
    Indicator,
    PrincipleScore,
)
from assessments.services import (
    AnswerEntry,
    AssessmentIncomplete,
    ReviewEntry,
    answer_fingerprint,
    answers_save,
    assessment_decide,
    assessment_start,
    assessment_submit,
    evidence_change,
    review_fingerprint,
    review_save,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def indicators_of(assessment):
    return list(
        Indicator.objects.filter(principle__questionnaire=assessment.questionnaire).order_by(
            "principle__number", "position"
        )
    )


def entry(indicator, response, comment="", *, seen=None):
    """What a page sends: the user's entry and what the page showed (default: nothing yet)."""
    version, shown_response, shown_comment = seen or (0, "", "")
    return AnswerEntry(
        indicator=indicator,
        response=response,
        comment=comment,
        seen_version=version,
        seen_fingerprint=answer_fingerprint(shown_response, shown_comment),
    )


def answer_all(assessment, by, response="meets"):
    entries = [
        entry(i, "na" if i.allows_na and response == "na" else response)
        for i in indicators_of(assessment)
    ]
    answers_save(assessment=assessment, entries=entries, by=by)


def test_one_assessment_per_institution_period_and_questionnaire(assessment, manager):
    with pytest.raises(ValidationError, match="already has an assessment"):
        assessment_start(
            institution=assessment.institution,
            questionnaire=assessment.questionnaire,
            period="2026",
            kind="external",
            by=manager,
        )
    assert assessment.events.get().action == EventAction.CREATED


def test_the_period_is_kept_as_its_first_and_last_day(institution, small_questionnaire, manager):
    assessment = assessment_start(
        institution=institution,
        questionnaire=small_questionnaire,
        period="2026-H2",
        kind="self",
        by=manager,
    )
    assessment.refresh_from_db()
    assert (assessment.period_start, assessment.period_end) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 12, 31),
    )


def test_a_bad_period_is_refused(institution, small_questionnaire, manager):
    with pytest.raises(ValidationError, match="period"):
        assessment_start(
            institution=institution,
            questionnaire=small_questionnaire,
            period="26",
            kind="self",
            by=manager,
        )


def test_answers_are_saved_and_unchanged_rows_are_not_touched(assessment, manager):
    first, second, *_ = indicators_of(assessment)
    outcome = answers_save(
        assessment=assessment,
        entries=[entry(first, "meets", "Kredit siyasəti, s. 4"), entry(second, "")],
        by=manager,
    )
    assert [i.code for i in outcome.saved] == [first.code]
    answer = Answer.objects.get()
    assert (answer.response, answer.comment, answer.version) == (
        "meets",
        "Kredit siyasəti, s. 4",
        1,
    )


def test_a_save_never_overwrites_what_someone_else_saved_since_the_page_opened(assessment, manager):
    colleague = UserFactory(username="colleague", manager=True, institution=manager.institution)
    indicator = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(indicator, "partial", "v1")], by=manager)
    shown = (1, "partial", "v1")
    # Both open the page showing version 1; the colleague saves first.
    answers_save(
        assessment=assessment, entries=[entry(indicator, "meets", "v2", seen=shown)], by=colleague
    )
    outcome = answers_save(
        assessment=assessment, entries=[entry(indicator, "not_met", "mine", seen=shown)], by=manager
    )
    assert indicator.pk in outcome.conflicts
    theirs = outcome.conflicts[indicator.pk]
    assert (theirs.response, theirs.comment, theirs.updated_by) == ("meets", "v2", colleague)
    stored = Answer.objects.get()
    assert (stored.response, stored.comment, stored.version) == ("meets", "v2", 2)
    # Having seen theirs, the user saves again on purpose: now theirs is replaced.
    outcome = answers_save(
        assessment=assessment,
        entries=[entry(indicator, "not_met", "mine", seen=(2, "meets", "v2"))],
        by=manager,
    )
    assert not outcome.conflicts
    assert Answer.objects.get().response == "not_met"


def test_a_row_the_user_did_not_touch_is_not_a_conflict(assessment, manager):
    colleague = UserFactory(username="colleague", manager=True, institution=manager.institution)
    indicator = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(indicator, "partial")], by=manager)
    answers_save(
        assessment=assessment,
        entries=[entry(indicator, "meets", seen=(1, "partial", ""))],
        by=colleague,
    )
    # The manager's page still shows "partial" and sends it back unchanged.
    outcome = answers_save(
        assessment=assessment,
        entries=[entry(indicator, "partial", seen=(1, "partial", ""))],
        by=manager,
    )
    assert not outcome.conflicts
    assert Answer.objects.get().response == "meets"


def test_both_typing_the_same_answer_is_no_conflict(assessment, manager):
    colleague = UserFactory(username="colleague", manager=True, institution=manager.institution)
    indicator = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(indicator, "meets")], by=colleague)
    outcome = answers_save(assessment=assessment, entries=[entry(indicator, "meets")], by=manager)
    assert not outcome.conflicts


def test_not_applicable_only_where_allowed(assessment, manager):
    strict = next(i for i in indicators_of(assessment) if not i.allows_na)
    with pytest.raises(ValidationError, match="not applicable"):
        answers_save(assessment=assessment, entries=[entry(strict, "na")], by=manager)
    assert not Answer.objects.exists()


def test_submit_lists_what_is_missing(assessment, manager):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "meets")], by=manager)
    with pytest.raises(AssessmentIncomplete) as incomplete:
        assessment_submit(assessment=assessment, by=manager)
    assert first not in incomplete.value.missing
    assert len(incomplete.value.missing) == len(indicators_of(assessment)) - 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_submit_stores_the_scores_and_makes_the_assessment_read_only(assessment, manager):
    indicators = indicators_of(assessment)
    responses = {"1.1": "meets", "1.2": "partial", "1.3": "na", "2.1": "not_met"}
    answers_save(
        assessment=assessment,
        entries=[entry(i, responses.get(i.code, "meets")) for i in indicators],
        by=manager,
    )
    result = assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == manager
    # Principle 1: (2 + 1) / 4; principle 2: (0 + 2 + 2) / 6; overall 7 / 10.
    scores = dict(
        PrincipleScore.objects.filter(assessment=assessment).values_list(
            "principle__number", "score"
        )
    )
    assert float(scores[1]) == 75.0
    assert float(scores[2]) == 66.7
    assert float(assessment.overall_score) == 70.0
    assert assessment.band == "improve"
    assert assessment.gate_met is False
    assert result.overall == pytest.approx(70.0)
    with pytest.raises(PermissionDenied):
        answers_save(assessment=assessment, entries=[entry(indicators[0], "not_met")], by=manager)


def test_the_snapshot_stays_while_a_returned_assessment_is_being_changed(
    assessment, manager, regulator
):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    assessment_decide(assessment=assessment, accept=False, note="1.1: sübut yoxdur", by=regulator)
    first = indicators_of(assessment)[0]
    answers_save(
        assessment=assessment,
        entries=[entry(first, "not_met", seen=(1, "meets", ""))],
        by=manager,
    )
    assessment.refresh_from_db()
    assert float(assessment.overall_score) == 100.0
    assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    assert float(assessment.overall_score) < 100.0
    assert PrincipleScore.objects.filter(assessment=assessment).count() == 2


def test_review_notes_and_return_are_kept_with_who_and_when(assessment, manager, regulator):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    first = indicators_of(assessment)[0]
    outcome = review_save(
        assessment=assessment,
        entries=[ReviewEntry(first, "partial", "Siyasət imzalanmayıb")],
        by=regulator,
    )
    assert (outcome.saved, outcome.conflicts) == ([first], {})
    answer = Answer.objects.get(indicator=first)
    assert (answer.review_verdict, answer.review_note, answer.reviewed_by) == (
        "partial",
        "Siyasət imzalanmayıb",
        regulator,
    )
    with pytest.raises(ValidationError):
        assessment_decide(assessment=assessment, accept=False, note=" ", by=regulator)
    assessment_decide(assessment=assessment, accept=False, note="Düzəldin", by=regulator)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED
    steps = list(assessment.events.values_list("action", "actor__username", "note"))
    assert steps == [
        ("created", "mgr", ""),
        ("submitted", "mgr", ""),
        ("reviewed", "reg", f"{first.code}: Partially meets. Siyasət imzalanmayıb"),
        ("returned", "reg", "Düzəldin"),
    ]


def test_only_a_submitted_assessment_can_be_reviewed_or_decided(assessment, regulator):
    with pytest.raises(PermissionDenied):
        assessment_decide(assessment=assessment, accept=True, note="", by=regulator)
    with pytest.raises(PermissionDenied):
        review_save(assessment=assessment, entries=[], by=regulator)


def test_accepting(assessment, manager, trainer):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    assessment_decide(assessment=assessment, accept=True, note="", by=trainer)
    assessment = Assessment.objects.get(pk=assessment.pk)
    assert (assessment.status, assessment.decided_by) == (AssessmentStatus.ACCEPTED, trainer)


PDF = b"%PDF-1.4 test"


def test_evidence_is_stored_under_a_generated_name(
    assessment, manager, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    indicator = indicators_of(assessment)[0]
    upload = SimpleUploadedFile("Kredit siyasəti.pdf", PDF, content_type="application/pdf")
    evidence_change(
        assessment=assessment, indicator=indicator, uploads=[upload], remove_ids=[], by=manager
    )
    evidence = Evidence.objects.get()
    assert evidence.original_name == "Kredit siyasəti.pdf"
    assert "siyas" not in evidence.file.name
    assert evidence.file.name.endswith(".pdf")
    assert evidence.file.read() == PDF
    with django_capture_on_commit_callbacks(execute=True):
        evidence_change(
            assessment=assessment,
            indicator=indicator,
            uploads=[],
            remove_ids=[evidence.pk],
            by=manager,
        )
    assert not Evidence.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", "only PDF"),
        ("fake.pdf", b"<html>", "not really"),
        ("big.txt", b"x" * (10 * 1024 * 1024 + 1), "larger than 10 MB"),
    ],
)
def test_evidence_type_and_size_are_limited(
    assessment, manager, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=message):
        evidence_change(
            assessment=assessment,
            indicator=indicators_of(assessment)[0],
            uploads=[upload],
            remove_ids=[],
            by=manager,
        )
    assert not Evidence.objects.exists()


def test_a_file_and_an_answer_saved_together_are_no_conflict(
    assessment, manager, settings, tmp_path
):
    from assessments.services import principle_save

    settings.MEDIA_ROOT = tmp_path
    indicator = indicators_of(assessment)[0]
    upload = SimpleUploadedFile("siyasət.pdf", PDF)
    outcome = principle_save(
        assessment=assessment,
        entries=[entry(indicator, "meets", "Əlavə edilmiş fayl")],
        file_changes=[(indicator, [upload], [])],
        by=manager,
    )
    assert not outcome.conflicts
    answer = Answer.objects.get()
    assert (answer.response, answer.evidence.count()) == ("meets", 1)


def test_a_bad_file_saves_nothing_of_the_page(assessment, manager, settings, tmp_path):
    from assessments.services import principle_save

    settings.MEDIA_ROOT = tmp_path
    indicator = indicators_of(assessment)[0]
    with pytest.raises(ValidationError):
        principle_save(
            assessment=assessment,
            entries=[entry(indicator, "meets")],
            file_changes=[(indicator, [SimpleUploadedFile("x.exe", b"MZ")], [])],
            by=manager,
        )
    assert not Answer.objects.exists()


def test_an_answer_after_a_file_alone_is_no_conflict(assessment, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    indicator = indicators_of(assessment)[0]
    evidence_change(
        assessment=assessment,
        indicator=indicator,
        uploads=[SimpleUploadedFile("a.pdf", PDF)],
        remove_ids=[],
        by=manager,
    )
    outcome = answers_save(assessment=assessment, entries=[entry(indicator, "partial")], by=manager)
    assert not outcome.conflicts
    assert Answer.objects.get().response == "partial"


def test_a_new_round_of_review_starts_clean_and_the_old_one_stays_in_the_steps(
    assessment, manager, regulator
):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    first = indicators_of(assessment)[0]
    review_save(
        assessment=assessment, entries=[ReviewEntry(first, "partial", "Birinci tur")], by=regulator
    )
    assessment_decide(assessment=assessment, accept=False, note="Düzəldin", by=regulator)
    assessment_submit(assessment=assessment, by=manager)
    answer = Answer.objects.get(indicator=first)
    assert (answer.review_verdict, answer.review_note) == ("", "")
    assert assessment.events.filter(action="reviewed", note__contains="Birinci tur").exists()


def test_a_failed_transaction_keeps_the_evidence_file(assessment, manager, settings, tmp_path):
    from django.db import transaction

    settings.MEDIA_ROOT = tmp_path
    indicator = indicators_of(assessment)[0]
    evidence_change(
        assessment=assessment,
        indicator=indicator,
        uploads=[SimpleUploadedFile("a.pdf", PDF)],
        remove_ids=[],
        by=manager,
    )
    evidence = Evidence.objects.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        evidence_change(
            assessment=assessment,
            indicator=indicator,
            uploads=[],
            remove_ids=[evidence.pk],
            by=manager,
        )
        raise RuntimeError("something later failed")
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert evidence.file.storage.exists(evidence.file.name)


def test_the_band_follows_the_figure_shown(assessment, manager):
    # 799 of 1000 points would show as 79.9 %: "needs improvement"; the rule is tested in
    # scoring; here the stored band must match the stored, rounded score.
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    from assessments.scoring import band_for

    assert assessment.band == band_for(round(float(assessment.overall_score), 1)).value


# Texts are bounded (issue 13, finding 1).


def test_a_comment_over_the_limit_is_refused_naming_its_indicator(assessment, manager):
    first = indicators_of(assessment)[0]
    with pytest.raises(ValidationError, match=r"^\['1\.1: This text has 5001 characters"):
        answers_save(assessment=assessment, entries=[entry(first, "meets", "x" * 5001)], by=manager)
    assert not Answer.objects.filter(indicator=first).exists()
    # A line break counts once, however the browser sent it.
    answers_save(
        assessment=assessment,
        entries=[entry(first, "meets", ("x" * 99 + "\r\n") * 49 + "x" * 99)],
        by=manager,
    )
    assert len(Answer.objects.get(indicator=first).comment) == 4999


def test_a_longer_comment_stored_before_the_limit_may_stay_as_it_is(assessment, manager):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "meets", "kısa")], by=manager)
    legacy = "köhnə sətir\n" * 1000
    Answer.objects.filter(indicator=first).update(comment=legacy.strip(), version=2)
    answers_save(
        assessment=assessment,
        entries=[entry(first, "partial", legacy, seen=(2, "meets", legacy))],
        by=manager,
    )
    assert Answer.objects.get(indicator=first).response == "partial"
    with pytest.raises(ValidationError, match="at most 5000"):
        answers_save(
            assessment=assessment,
            entries=[entry(first, "partial", legacy + "yeni", seen=(3, "partial", legacy))],
            by=manager,
        )


def test_a_review_note_over_the_limit_is_refused(assessment, manager, regulator):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    first = indicators_of(assessment)[0]
    with pytest.raises(ValidationError, match="1.1: This text has 6000 characters"):
        review_save(
            assessment=assessment, entries=[ReviewEntry(first, "", "n" * 6000)], by=regulator
        )
    assert not Answer.objects.get(indicator=first).has_review


# Two reviewers never overwrite each other silently (issue 13, finding 3).


def review_entry(indicator, verdict, note, *, seen=("", "")):
    """What a review page sends: the reviewer's entry and the review the page showed."""
    return ReviewEntry(indicator, verdict, note, review_fingerprint(*seen))


def test_a_review_saved_meanwhile_is_kept_and_returned_as_a_conflict(
    assessment, manager, regulator, trainer
):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    first, second = indicators_of(assessment)[:2]
    # Both open the page while nothing is noted; the trainer saves first.
    review_save(
        assessment=assessment,
        entries=[review_entry(first, "partial", "Siyasət köhnədir"), review_entry(second, "", "")],
        by=trainer,
    )
    outcome = review_save(
        assessment=assessment,
        entries=[
            review_entry(first, "not_met", "İmza yoxdur"),
            review_entry(second, "", "İkinci qeyd"),
        ],
        by=regulator,
    )
    assert outcome.saved == [second]
    assert list(outcome.conflicts) == [first.pk]
    assert outcome.conflicts[first.pk].review_note == "Siyasət köhnədir"
    assert outcome.conflicts[first.pk].reviewed_by == trainer
    stored = Answer.objects.get(indicator=first)
    assert (stored.review_verdict, stored.review_note, stored.reviewed_by) == (
        "partial",
        "Siyasət köhnədir",
        trainer,
    )
    # Having seen the other review, the reviewer replaces it on purpose.
    outcome = review_save(
        assessment=assessment,
        entries=[
            review_entry(first, "not_met", "İmza yoxdur", seen=("partial", "Siyasət köhnədir"))
        ],
        by=regulator,
    )
    assert (outcome.saved, outcome.conflicts) == ([first], {})
    assert Answer.objects.get(indicator=first).review_note == "İmza yoxdur"


def test_rows_a_reviewer_left_alone_never_empty_another_reviewers_notes(
    assessment, manager, regulator, trainer
):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    first, second = indicators_of(assessment)[:2]
    review_save(
        assessment=assessment, entries=[review_entry(first, "partial", "Birinci")], by=trainer
    )
    # The regulator's page was opened before: it shows no review of the first indicator, and
    # they only write on the second.
    outcome = review_save(
        assessment=assessment,
        entries=[review_entry(first, "", ""), review_entry(second, "meets", "İkinci")],
        by=regulator,
    )
    assert (outcome.saved, outcome.conflicts) == ([second], {})
    assert Answer.objects.get(indicator=first).review_note == "Birinci"


# Everyone outside the institution sees a returned assessment as submitted (finding 6).


def test_a_submission_keeps_a_copy_of_the_answers_that_later_changes_leave_alone(
    assessment, manager, regulator
):
    answer_all(assessment, manager)
    first = indicators_of(assessment)[0]
    answers_save(
        assessment=assessment,
        entries=[entry(first, "partial", "Təqdim olunan", seen=(1, "meets", ""))],
        by=manager,
    )
    assessment_submit(assessment=assessment, by=manager)
    assessment_decide(assessment=assessment, accept=False, note="Düzəldin", by=regulator)
    answers_save(
        assessment=assessment,
        entries=[entry(first, "not_met", "Dəyişiklik", seen=(2, "partial", "Təqdim olunan"))],
        by=manager,
    )
    answer = Answer.objects.get(indicator=first)
    assert (answer.response, answer.comment) == ("not_met", "Dəyişiklik")
    assert (answer.submitted_response, answer.submitted_comment) == ("partial", "Təqdim olunan")
    assessment_submit(assessment=assessment, by=manager)
    answer.refresh_from_db()
    assert (answer.submitted_response, answer.submitted_comment) == ("not_met", "Dəyişiklik")
