"""Changing assessments: every service checks its input and runs in one transaction."""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from institutions.models import Institution

from . import scoring
from .models import (
    ALLOWED_EVIDENCE_TYPES,
    EDITABLE_STATUSES,
    MAX_EVIDENCE_BYTES,
    ActionItem,
    Answer,
    AnswerSource,
    Assessment,
    AssessmentEvent,
    AssessmentStatus,
    EventAction,
    Evidence,
    Indicator,
    PrincipleScore,
    Questionnaire,
    QuestionnaireStatus,
    Response,
    TextLimitValidator,
    period_parse,
)
from .selectors import missing_indicators, scoring_input


def answer_fingerprint(response: str, comment: str) -> str:
    """What a page showed of an answer, compactly; tells whether the user changed it."""
    text = f"{response}\x1f{normalise_comment(comment)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def review_fingerprint(verdict: str, note: str) -> str:
    """What a review page showed of a reviewer's verdict and note (as ``answer_fingerprint``)."""
    return answer_fingerprint(verdict, note)


def normalise_comment(comment: str) -> str:
    return comment.replace("\r\n", "\n").strip()


_text_limit = TextLimitValidator()


def _check_length(indicator: Indicator, text: str, stored: str) -> None:
    """A text over the limit is refused, unless it is the one stored (from before the limit
    existed) left as it was."""
    if text == stored:
        return
    try:
        _text_limit(text)
    except ValidationError as error:
        raise ValidationError(f"{indicator.code}: {error.messages[0]}") from None


def _record(assessment: Assessment, action: str, by: User | None, note: str = "") -> None:
    AssessmentEvent.objects.create(assessment=assessment, action=action, actor=by, note=note)


def _answers_history(pks: list[int], by: User | None, reason: str) -> None:
    """Queryset updates (compare-and-set saves, reviews) bypass simple-history's signals:
    record them in the audit history here, with who and why."""
    if pks:
        Answer.history.bulk_history_create(
            list(Answer.objects.filter(pk__in=pks)),
            update=True,
            default_user=by,
            default_change_reason=reason,
        )


def _new_answer(by: User | None, reason: str, **fields) -> Answer:
    answer = Answer(updated_by=by, **fields)
    answer._history_user = by
    answer._change_reason = reason
    answer.save()
    return answer


def _answer_write(
    *,
    assessment: Assessment,
    indicator: Indicator,
    stored: Answer | None,
    response: str,
    comment: str,
    by: User,
    now,
    reason: str,
) -> Answer | None:
    """Create the answer, or update it if it is still the version read (compare and set).
    Returns None when written; otherwise the answer as someone else saved it meanwhile."""
    if stored is None:
        try:
            with transaction.atomic():
                _new_answer(
                    by,
                    reason,
                    assessment=assessment,
                    indicator=indicator,
                    response=response,
                    comment=comment,
                )
        except IntegrityError:
            return Answer.objects.select_related("updated_by").get(
                assessment=assessment, indicator=indicator
            )
        return None
    updated = Answer.objects.filter(pk=stored.pk, version=stored.version).update(
        response=response,
        comment=comment,
        version=F("version") + 1,
        updated_by=by,
        updated_at=now,
    )
    if not updated:
        return Answer.objects.select_related("updated_by").get(pk=stored.pk)
    return None


def _check_response(indicator: Indicator, response: str) -> None:
    if response == Response.NA and not indicator.allows_na:
        raise ValidationError(
            _("%(code)s cannot be answered 'not applicable'.") % {"code": indicator.code}
        )
    if response and response not in Response.values:
        raise ValidationError(_("Unknown answer for %(code)s.") % {"code": indicator.code})


def _editable_answers(
    assessment: Assessment, indicators: list[Indicator]
) -> tuple[Assessment, dict[int, Answer]]:
    """Lock the assessment (inside the caller's transaction), refuse it unless editable, and
    read the stored answers of ``indicators`` by indicator id."""
    assessment = _locked(assessment)
    if assessment.status not in EDITABLE_STATUSES:
        raise PermissionDenied(_("This assessment is read-only until a reviewer returns it."))
    current = {
        answer.indicator_id: answer
        for answer in Answer.objects.filter(
            assessment=assessment, indicator__in=indicators
        ).select_related("updated_by")
    }
    return assessment, current


def _locked(assessment: Assessment) -> Assessment:
    """The assessment row, locked until the transaction ends: saves and steps queue up."""
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def assessment_start(
    *, institution: Institution, questionnaire: Questionnaire, period: str, kind: str, by: User
) -> Assessment:
    """``period`` as a person writes it: "2026", "2026-H1", "2026-Q3"."""
    if questionnaire.status != QuestionnaireStatus.PUBLISHED:
        raise ValidationError({"questionnaire": _("Only a published questionnaire can be used.")})
    try:
        dates = period_parse(period)
    except ValidationError as error:
        raise ValidationError({"period": error.messages}) from None
    assessment = Assessment(
        institution=institution,
        questionnaire=questionnaire,
        period_start=dates.start,
        period_end=dates.end,
        kind=kind,
        created_by=by,
    )
    assessment.full_clean()
    with transaction.atomic():
        assessment._history_user = by
        assessment.save()
        _record(assessment, EventAction.CREATED, by)
    return assessment


@dataclass(frozen=True)
class AnswerEntry:
    """What the user sent for one indicator, and what the page had shown them."""

    indicator: Indicator
    response: str
    comment: str
    seen_version: int

    @property
    def response_label(self) -> str:
        """The file's answer by its name in the page's language, as the portal shows one."""
        return Response(self.response).label if self.response else ""

    seen_fingerprint: str

    @property
    def changed_by_user(self) -> bool:
        return answer_fingerprint(self.response, self.comment) != self.seen_fingerprint


@dataclass
class SaveOutcome:
    saved: list[Indicator] = field(default_factory=list)
    conflicts: dict[int, Answer] = field(default_factory=dict)


def answers_save(*, assessment: Assessment, entries: list[AnswerEntry], by: User) -> SaveOutcome:
    """Save what the user changed; an answer someone else saved since the page was opened
    is not overwritten but returned as a conflict (keyed by indicator id)."""
    outcome = SaveOutcome()
    for entry in entries:
        _check_response(entry.indicator, entry.response)
    with transaction.atomic():
        assessment, current = _editable_answers(assessment, [e.indicator for e in entries])
        now = timezone.now()
        changed: list[int] = []
        for entry in entries:
            if not entry.changed_by_user:
                continue
            comment = normalise_comment(entry.comment)
            stored = current.get(entry.indicator.pk)
            stored_version = stored.version if stored else 0
            if stored is not None and (stored.response, stored.comment) == (
                entry.response,
                comment,
            ):
                continue
            if stored_version != entry.seen_version:
                outcome.conflicts[entry.indicator.pk] = stored
                continue
            _check_length(entry.indicator, comment, stored.comment if stored else "")
            clash = _answer_write(
                assessment=assessment,
                indicator=entry.indicator,
                stored=stored,
                response=entry.response,
                comment=comment,
                by=by,
                now=now,
                reason=AnswerSource.TYPED,
            )
            if clash is not None:
                outcome.conflicts[entry.indicator.pk] = clash
                continue
            if stored is not None:
                changed.append(stored.pk)
            outcome.saved.append(entry.indicator)
        _answers_history(changed, by, AnswerSource.TYPED)
    return outcome


def _check_upload(upload: UploadedFile) -> str:
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if suffix not in ALLOWED_EVIDENCE_TYPES:
        raise ValidationError(
            _("%(name)s: only PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) and text files.")
            % {"name": upload.name}
        )
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": upload.name, "limit": MAX_EVIDENCE_BYTES // (1024 * 1024)}
        )
    head = upload.read(8)
    upload.seek(0)
    signatures = {
        ".pdf": (b"%PDF",),
        ".png": (b"\x89PNG",),
        ".jpg": (b"\xff\xd8\xff",),
        ".jpeg": (b"\xff\xd8\xff",),
        ".docx": (b"PK\x03\x04",),
        ".xlsx": (b"PK\x03\x04",),
    }
    if suffix in signatures and not head.startswith(signatures[suffix]):
        raise ValidationError(
            _("%(name)s is not really a %(kind)s file.") % {"name": upload.name, "kind": suffix}
        )
    return ALLOWED_EVIDENCE_TYPES[suffix]


def evidence_change(
    *,
    assessment: Assessment,
    indicator: Indicator,
    uploads: list[UploadedFile],
    remove_ids: list[int],
    by: User,
) -> None:
    """Attach files to an indicator's answer and remove chosen ones; all or nothing."""
    content_types = [_check_upload(upload) for upload in uploads]
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.status not in EDITABLE_STATUSES:
            raise PermissionDenied(_("This assessment is read-only until a reviewer returns it."))
        # A file may come before any answer: version 0 still reads as "nothing answered yet".
        answer, _created = Answer.objects.get_or_create(
            assessment=assessment, indicator=indicator, defaults={"updated_by": by, "version": 0}
        )
        for stale in Evidence.objects.filter(answer=answer, pk__in=remove_ids):
            # The file goes only once the removal is committed; a rollback keeps both.
            transaction.on_commit(lambda file=stale.file: file.delete(save=False))
            stale.delete()
        for upload, content_type in zip(uploads, content_types, strict=True):
            Evidence.objects.create(
                answer=answer,
                file=upload,
                original_name=upload.name[:255],
                content_type=content_type,
                size=upload.size,
                uploaded_by=by,
            )


def principle_save(
    *,
    assessment: Assessment,
    entries: list[AnswerEntry],
    file_changes: list[tuple[Indicator, list[UploadedFile], list[int]]],
    by: User,
) -> SaveOutcome:
    """One principle page: answers, then files, all in one transaction. Every file is checked
    before anything is saved; the errors are keyed by the indicator's files field."""
    problems: dict[str, list[str]] = {}
    for indicator, uploads, _remove in file_changes:
        for upload in uploads:
            try:
                _check_upload(upload)
            except ValidationError as error:
                problems.setdefault(f"i{indicator.pk}-files", []).extend(error.messages)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        outcome = answers_save(assessment=assessment, entries=entries, by=by)
        for indicator, uploads, remove in file_changes:
            evidence_change(
                assessment=assessment,
                indicator=indicator,
                uploads=uploads,
                remove_ids=remove,
                by=by,
            )
    return outcome


class AssessmentIncomplete(Exception):
    def __init__(self, missing: list[Indicator]) -> None:
        super().__init__(", ".join(indicator.code for indicator in missing))
        self.missing = missing


def _percent(value: float | None) -> Decimal | None:
    """The score as scoring rounded it (one decimal), stored as it is shown."""
    return None if value is None else Decimal(str(value))


def assessment_submit(*, assessment: Assessment, by: User) -> scoring.AssessmentResult:
    """Check every indicator is answered, store the scores as they stand, make it read-only."""
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.status not in EDITABLE_STATUSES:
            raise PermissionDenied(_("Only a draft or a returned assessment can be submitted."))
        missing = missing_indicators(assessment=assessment)
        if missing:
            raise AssessmentIncomplete(missing)
        inputs = scoring_input(assessment=assessment)
        result = scoring.score(answer for _indicator, answer in inputs)
        PrincipleScore.objects.filter(assessment=assessment).delete()
        PrincipleScore.objects.bulk_create(
            PrincipleScore(
                assessment=assessment,
                principle_id=principle.principle,
                score=_percent(principle.score),
                earned=Decimal(str(principle.earned)),
                possible=Decimal(str(principle.possible)),
                applicable=principle.applicable,
                total=principle.total,
            )
            for principle in result.principles
        )
        Answer.objects.filter(assessment=assessment).update(
            submitted_response=F("response"), submitted_comment=F("comment")
        )
        # A new round of review starts clean; the last round's notes stay in its steps.
        reviewed = Answer.objects.filter(assessment=assessment).exclude(
            review_verdict="", review_note=""
        )
        cleared = list(reviewed.values_list("pk", flat=True))
        reviewed.update(review_verdict="", review_note="", reviewed_by=None, reviewed_at=None)
        _answers_history(cleared, by, AnswerSource.NOTES_ARCHIVED)
        assessment.overall_score = _percent(result.overall)
        band = result.band
        assessment.band = band.value if band else ""
        assessment.gate_met = result.gate_met
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = by
        assessment._history_user = by
        assessment.save()
        _record(assessment, EventAction.SUBMITTED, by)
    return result


@dataclass(frozen=True)
class ReviewEntry:
    """What a reviewer sent for one indicator, and what the page had shown them of the review."""

    indicator: Indicator
    verdict: str
    note: str
    # By default the page showed no review: a review saved meanwhile is a conflict.
    seen_fingerprint: str = field(default_factory=lambda: review_fingerprint("", ""))

    @property
    def changed_by_user(self) -> bool:
        return review_fingerprint(self.verdict, self.note) != self.seen_fingerprint


@dataclass
class ReviewOutcome:
    saved: list[Indicator] = field(default_factory=list)
    conflicts: dict[int, Answer] = field(default_factory=dict)


def review_save(*, assessment: Assessment, entries: list[ReviewEntry], by: User) -> ReviewOutcome:
    """Record the verdicts and notes the reviewer changed. One another reviewer saved since the
    page was opened is not overwritten but returned as a conflict (keyed by indicator id)."""
    outcome = ReviewOutcome()
    with transaction.atomic():
        # The lock queues reviews of one assessment: what is read below stays so until saved.
        assessment = _locked(assessment)
        if assessment.status != AssessmentStatus.SUBMITTED:
            raise PermissionDenied(_("Only a submitted assessment can be reviewed."))
        answers = {
            a.indicator_id: a
            for a in Answer.objects.filter(
                assessment=assessment, indicator__in=[e.indicator for e in entries]
            ).select_related("reviewed_by")
        }
        now = timezone.now()
        kept = []
        for entry in entries:
            answer = answers.get(entry.indicator.pk)
            note = normalise_comment(entry.note)
            if answer is None or not entry.changed_by_user:
                continue
            if (answer.review_verdict, answer.review_note) == (entry.verdict, note):
                continue
            if review_fingerprint(answer.review_verdict, answer.review_note) != (
                entry.seen_fingerprint
            ):
                outcome.conflicts[entry.indicator.pk] = answer
                continue
            _check_length(entry.indicator, note, answer.review_note)
            Answer.objects.filter(pk=answer.pk).update(
                review_verdict=entry.verdict, review_note=note, reviewed_by=by, reviewed_at=now
            )
            outcome.saved.append(entry.indicator)
            verdict = Response(entry.verdict).label if entry.verdict else "—"
            kept.append(f"{entry.indicator.code}: {verdict}. {note}".strip())
        _answers_history(
            [answers[indicator.pk].pk for indicator in outcome.saved], by, AnswerSource.REVIEWED
        )
        if outcome.saved:
            # The step keeps what was said, so later rounds never erase an earlier review.
            _record(assessment, EventAction.REVIEWED, by, "\n".join(kept))
    return outcome


def assessment_decide(*, assessment: Assessment, accept: bool, note: str, by: User) -> None:
    """A reviewer accepts a submitted assessment, or returns it to the institution to change."""
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.status != AssessmentStatus.SUBMITTED:
            raise PermissionDenied(_("Only a submitted assessment can be accepted or returned."))
        if not accept and not note.strip():
            raise ValidationError({"note": _("Say what the institution should change.")})
        assessment.status = AssessmentStatus.ACCEPTED if accept else AssessmentStatus.RETURNED
        assessment.decided_at = timezone.now()
        assessment.decided_by = by
        assessment._history_user = by
        assessment.save(update_fields=["status", "decided_at", "decided_by"])
        _record(
            assessment,
            EventAction.ACCEPTED if accept else EventAction.RETURNED,
            by,
            normalise_comment(note),
        )


def action_item_save(*, item: ActionItem, by: User) -> ActionItem:
    if item.pk is None:
        item.created_by = by
    item.full_clean()
    with transaction.atomic():
        item._history_user = by
        item.save()
    return item


IMPORT_MODES = ("blanks", "overwrite")


@dataclass(frozen=True)
class ImportRow:
    """One indicator's row of an offline workbook, and the answer's version when it was made."""

    indicator: Indicator
    response: str
    comment: str
    seen_version: int

    @property
    def response_label(self) -> str:
        """The file's answer by its name in the page's language, as the portal shows one."""
        return Response(self.response).label if self.response else ""


@dataclass
class ImportOutcome:
    filled: list[Indicator] = field(default_factory=list)
    overwritten: list[Indicator] = field(default_factory=list)
    unchanged: list[Indicator] = field(default_factory=list)
    conflicts: dict[int, Answer] = field(default_factory=dict)


def answers_import(
    *, assessment: Assessment, rows: list[ImportRow], mode: str, by: User, filename: str = ""
) -> ImportOutcome:
    """Save the answers of an offline workbook. ``mode`` "blanks" fills only indicators without
    an answer; "overwrite" replaces answers and comments with the file's non-empty cells. An
    empty cell never erases anything. In "overwrite", an answer saved on the portal since the
    file was made is kept and returned as a conflict (keyed by indicator id). The audit
    history names ``filename`` as the answers' source."""
    if mode not in IMPORT_MODES:
        raise ValueError(f"unknown import mode {mode!r}")
    known = set(
        Indicator.objects.filter(
            principle__questionnaire_id=assessment.questionnaire_id
        ).values_list("pk", flat=True)
    )
    for row in rows:
        if row.indicator.pk not in known:
            raise ValidationError(
                _("%(code)s is not part of this questionnaire.") % {"code": row.indicator.code}
            )
        _check_response(row.indicator, row.response)
    outcome = ImportOutcome()
    reason = AnswerSource.imported_from(filename) if filename else AnswerSource.IMPORTED
    with transaction.atomic():
        assessment, current = _editable_answers(assessment, [row.indicator for row in rows])
        now = timezone.now()
        changed: list[int] = []
        too_long: list[str] = []
        for row in rows:
            stored = current.get(row.indicator.pk)
            stored_response = stored.response if stored else ""
            stored_comment = stored.comment if stored else ""
            comment = normalise_comment(row.comment)
            if mode == "blanks" and stored_response:
                outcome.unchanged.append(row.indicator)
                continue
            # Both come from the file where it has them: the file's comment is never dropped
            # for the portal's, nor an answer saved without the comment typed beside it.
            response, comment = row.response or stored_response, comment or stored_comment
            if (response, comment) == (stored_response, stored_comment):
                outcome.unchanged.append(row.indicator)
                continue
            # Changed on the portal since the file was made: kept, and listed, in either mode.
            if stored is not None and stored.version != row.seen_version:
                outcome.conflicts[row.indicator.pk] = stored
                continue
            try:
                _check_length(row.indicator, comment, stored_comment)
            except ValidationError as error:
                too_long.extend(error.messages)
                continue
            clash = _answer_write(
                assessment=assessment,
                indicator=row.indicator,
                stored=stored,
                response=response,
                comment=comment,
                by=by,
                now=now,
                reason=reason,
            )
            if clash is not None:
                outcome.conflicts[row.indicator.pk] = clash
                continue
            if stored is not None:
                changed.append(stored.pk)
            if stored_response:
                outcome.overwritten.append(row.indicator)
            else:
                outcome.filled.append(row.indicator)
        if too_long:
            # All or nothing, as with any other problem of the file.
            raise ValidationError(too_long)
        _answers_history(changed, by, reason)
        if outcome.filled or outcome.overwritten:
            _record(assessment, EventAction.IMPORTED, by)
    return outcome
