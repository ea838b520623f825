import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartportal.i18n import localized

from .periods import Period


class QuestionnaireFrozen(Exception):
    """A published or retired questionnaire version cannot change; copy it into a new draft."""


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class QuestionnaireQuerySet(models.QuerySet):
    def update(self, **kwargs):
        retiring = set(kwargs) <= {"status"} and kwargs.get("status") == QuestionnaireStatus.RETIRED
        if not retiring and self.exclude(status=QuestionnaireStatus.DRAFT).exists():
            raise QuestionnaireFrozen("a published questionnaire version cannot change")
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(status=QuestionnaireStatus.DRAFT).exists():
            raise QuestionnaireFrozen("a published questionnaire version cannot be deleted")
        return super().delete()


class Questionnaire(models.Model):
    code = models.SlugField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=20)
    title_az = models.CharField(_("title (Azerbaijani)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_az = models.TextField(_("description (Azerbaijani)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["code", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_code_version"),
        ]

    def __str__(self) -> str:
        # Versions of a questionnaire share their title: the version and the day it was
        # published tell them apart in lists and filters.
        if self.published_at is None:
            return gettext("%(title)s — version %(version)s") % {
                "title": self.title,
                "version": self.version,
            }
        return gettext("%(title)s — version %(version)s (published %(date)s)") % {
            "title": self.title,
            "version": self.version,
            "date": date_format(timezone.localtime(self.published_at), "SHORT_DATE_FORMAT"),
        }

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).first()
            if stored is not None and stored.status != QuestionnaireStatus.DRAFT:
                self._refuse_changes_to(stored)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status != QuestionnaireStatus.DRAFT:
            raise QuestionnaireFrozen(f"{self.code} {self.version} is {self.status}")
        return super().delete(*args, **kwargs)

    def _refuse_changes_to(self, stored: "Questionnaire") -> None:
        """Once published, only the move to retired is allowed."""
        content = [
            f.attname
            for f in self._meta.concrete_fields
            if f.attname not in {"status", "published_at"}
        ]
        changed = [name for name in content if getattr(self, name) != getattr(stored, name)]
        status_move = (stored.status, self.status)
        allowed_moves = {
            (QuestionnaireStatus.PUBLISHED, QuestionnaireStatus.PUBLISHED),
            (QuestionnaireStatus.PUBLISHED, QuestionnaireStatus.RETIRED),
            (QuestionnaireStatus.RETIRED, QuestionnaireStatus.RETIRED),
        }
        if changed or status_move not in allowed_moves:
            raise QuestionnaireFrozen(
                f"{stored.code} {stored.version} is {stored.status}: copy it into a new draft"
            )

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def is_draft(self) -> bool:
        return self.status == QuestionnaireStatus.DRAFT


class FrozenContentQuerySet(models.QuerySet):
    """Bulk creates, updates and deletes respect the freeze of published questionnaires too."""

    questionnaire_path = "questionnaire"

    def _refuse_if_frozen(self) -> None:
        status = f"{self.questionnaire_path}__status"
        if self.exclude(**{status: QuestionnaireStatus.DRAFT}).exists():
            raise QuestionnaireFrozen("part of a published questionnaire version")

    def update(self, **kwargs):
        self._refuse_if_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_frozen()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj._refuse_if_frozen()
        return super().bulk_create(objs, *args, **kwargs)


class IndicatorQuerySet(FrozenContentQuerySet):
    questionnaire_path = "principle__questionnaire"


class FrozenContent(models.Model):
    """Principles and indicators: changeable only while their questionnaire is a draft."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _questionnaire(self) -> Questionnaire:
        raise NotImplementedError

    def _refuse_if_frozen(self) -> None:
        questionnaire = self._questionnaire()
        stored_status = (
            Questionnaire.objects.filter(pk=questionnaire.pk)
            .values_list("status", flat=True)
            .first()
        )
        if stored_status not in (None, QuestionnaireStatus.DRAFT):
            raise QuestionnaireFrozen(
                f"{questionnaire.code} {questionnaire.version} is {stored_status}"
            )


class Topic(models.TextChoices):
    """What a principle is about, where another part of the portal needs to know: the
    supervision dashboard holds the complaint-handling score against complaints. Set in the
    questionnaire's data file ("topic"), not by principle number."""

    COMPLAINT_HANDLING = "complaint_handling", _("Complaint handling")


class Principle(FrozenContent):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="principles",
        verbose_name=_("questionnaire"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    code = models.CharField(_("code"), max_length=20)
    topic = models.CharField(
        _("topic"), max_length=32, choices=Topic.choices, blank=True, default=""
    )
    title_az = models.CharField(_("title (Azerbaijani)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_az = models.TextField(_("description (Azerbaijani)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="principle_number_per_questionnaire"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def _questionnaire(self) -> Questionnaire:
        return self.questionnaire

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Indicator(FrozenContent):
    principle = models.ForeignKey(
        Principle, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("principle")
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_az = models.TextField(_("text (Azerbaijani)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    guidance_az = models.TextField(_("evidence guidance (Azerbaijani)"), blank=True)
    guidance_en = models.TextField(_("evidence guidance (English)"), blank=True)
    guidance_ru = models.TextField(_("evidence guidance (Russian)"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1)]
    )
    is_critical = models.BooleanField(
        _("critical"),
        default=False,
        help_text=_("Must be met for the certification gate."),
    )
    allows_na = models.BooleanField(_("'not applicable' allowed"), default=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["principle__number", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "code"], name="indicator_code_per_principle"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="indicator_weight_positive"),
            models.CheckConstraint(
                condition=~(Q(is_critical=True) & Q(allows_na=True)),
                name="critical_indicator_always_applies",
                violation_error_message=_("A critical indicator cannot be 'not applicable'."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def _questionnaire(self) -> Questionnaire:
        return self.principle.questionnaire

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def guidance(self) -> str:
        return localized(self, "guidance")


class AssessmentKind(models.TextChoices):
    SELF = "self", _("Self-assessment")
    ACCOMPANIED = "accompanied", _("Accompanied self-assessment")
    EXTERNAL = "external", _("External assessment")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


EDITABLE_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)
# An assessment has a result while it stands submitted or accepted: its scores are the snapshot
# taken at submission. A returned one is being changed (its page shows provisional scores), so
# it has none until submitted again, in history, "previous", peer averages and cohorts alike.
RESULT_STATUSES = (AssessmentStatus.SUBMITTED, AssessmentStatus.ACCEPTED)

PERIOD_FORMAT = _("Give the period as a year (2026), a half-year (2026-H1) or a quarter (2026-Q3).")
# Latest end first; of two ending on the same day (2026 and 2026-H2), the shorter period.
NEWEST_PERIOD_FIRST = ("-period_end", "-period_start")


def period_parse(label: str) -> Period:
    """The period a person wrote ("2026", "2026-H1", "2026-Q3"), or a ValidationError
    saying how to write one."""
    try:
        return Period.parse(label)
    except ValueError:
        raise ValidationError(PERIOD_FORMAT, code="invalid") from None


class AssessmentQuerySet(models.QuerySet):
    def with_result(self) -> "AssessmentQuerySet":
        """Those that have a result: submitted or accepted (see RESULT_STATUSES)."""
        return self.filter(status__in=RESULT_STATUSES)

    def for_period(self, label: str) -> "AssessmentQuerySet":
        """Those of the period a label names ("2026-H1"); ValueError if it names none."""
        period = Period.parse(label)
        return self.filter(period_start=period.start, period_end=period.end)


class Assessment(models.Model):
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    period_start = models.DateField(_("period"))
    period_end = models.DateField(_("period"))
    kind = models.CharField(
        _("type"), max_length=16, choices=AssessmentKind.choices, default=AssessmentKind.SELF
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    decided_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # The result as it stood at submission; later edits to answers or content never change it.
    overall_score = models.DecimalField(
        _("overall score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    band = models.CharField(_("band"), max_length=16, blank=True)
    gate_met = models.BooleanField(_("certification gate met"), null=True, blank=True)

    history = HistoricalRecords(
        verbose_name=_("assessment history entry"),
        verbose_name_plural=_("assessment history"),
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = [*NEWEST_PERIOD_FIRST, "institution__name_az"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "questionnaire", "period_start", "period_end"],
                name="one_assessment_per_institution_period_questionnaire",
                violation_error_message=_(
                    "This institution already has an assessment for that period and questionnaire."
                ),
            ),
            models.CheckConstraint(
                condition=Q(overall_score__isnull=True)
                | (Q(overall_score__gte=0) & Q(overall_score__lte=100)),
                name="assessment_overall_score_percentage",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="assessment_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.period_label} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", kwargs={"pk": self.pk})

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    @property
    def period_label(self) -> str:
        """As a person writes it: "2026", "2026-H1", "2026-Q3"."""
        if self.period_start is None or self.period_end is None:
            return ""
        return self.period.label

    @property
    def file_stem(self) -> str:
        """The start of its files' names: institution, period and questionnaire version, which
        together name one assessment ("assessment-umid-mfi-2026-smart-2010-v1.0")."""
        version = re.sub(r"[^\w.]+", "-", self.questionnaire.version).strip("-")
        return (
            f"assessment-{self.institution.code}-{self.period_label}-{self.questionnaire.code}"
            f"-v{version}"
        )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def has_result(self) -> bool:
        return self.status in RESULT_STATUSES

    @property
    def was_submitted(self) -> bool:
        """Submitted at least once: its gaps are known and have an action plan, even while a
        reviewer has returned it for changes."""
        return self.submitted_at is not None


# Comments, review notes and action items: generous for a note, and a bound on what a report
# has to print (smartportal/pdf.py).
TEXT_LIMIT = 5000


@deconstructible
class TextLimitValidator(MaxLengthValidator):
    """At most TEXT_LIMIT characters, a line break counted once (a browser sends it as two)."""

    message = _(
        "This text has %(show_value)s characters; at most %(limit_value)s are allowed. "
        "Shorten it and save again."
    )

    def __init__(self, limit_value: int = TEXT_LIMIT, message: str | None = None) -> None:
        super().__init__(limit_value, message)

    def clean(self, x: str) -> int:
        return len(x.replace("\r\n", "\n"))


class Response(models.TextChoices):
    MEETS = "meets", _("Meets")
    PARTIAL = "partial", _("Partially meets")
    NOT_MET = "not_met", _("Does not meet")
    NA = "na", _("Not applicable")


BAND_LABELS = {
    "urgent": _("Needs urgent work"),
    "improve": _("Needs improvement"),
    "strong": _("Strong"),
}


# simple-history's history_change_reason column.
HISTORY_REASON_LENGTH = 100


class AnswerSource(models.TextChoices):
    """Where a save of an answer came from, kept as its audit history's change reason; an
    import adds the file's name after a colon ("offline import: answers.xlsx")."""

    TYPED = "saved", _("typed in the portal")
    IMPORTED = "offline import", _("imported from the offline workbook")
    REVIEWED = "reviewed", _("reviewed")
    NOTES_ARCHIVED = "review notes archived on resubmission", _("review notes archived")

    @classmethod
    def imported_from(cls, filename: str) -> str:
        reason = f"{cls.IMPORTED}: {filename}"
        return (
            reason
            if len(reason) <= HISTORY_REASON_LENGTH
            else reason[: HISTORY_REASON_LENGTH - 1] + "…"
        )

    @classmethod
    def describe(cls, reason: str | None) -> str:
        """The source in the reader's language, with the file's name for an import."""
        if not reason:
            return ""
        code, _colon, filename = reason.partition(": ")
        if code not in cls.values:
            return reason
        label = str(cls(code).label)
        return f"{label}: {filename}" if filename else label


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("assessment"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="answers", verbose_name=_("indicator")
    )
    response = models.CharField(_("answer"), max_length=8, choices=Response.choices, blank=True)
    comment = models.TextField(
        _("evidence and comment"), blank=True, validators=[TextLimitValidator()]
    )
    # Raised on every save: a save based on an older version is a conflict, never an overwrite.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    review_verdict = models.CharField(
        _("reviewer's verdict"), max_length=8, choices=Response.choices, blank=True
    )
    review_note = models.TextField(
        _("reviewer's note"), blank=True, validators=[TextLimitValidator()]
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # The answer as last submitted, copied at each submission: what everyone outside the
    # institution sees of an assessment returned for changes until it is submitted again.
    submitted_response = models.CharField(
        _("submitted answer"), max_length=8, choices=Response.choices, blank=True
    )
    submitted_comment = models.TextField(_("submitted evidence and comment"), blank=True)

    # The submitted copy is not an edit: the submission is in the assessment's own history.
    history = HistoricalRecords(
        excluded_fields=["submitted_response", "submitted_comment"],
        verbose_name=_("answer history entry"),
        verbose_name_plural=_("answer history"),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_answer_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.get_response_display() or '-'}"

    @property
    def has_review(self) -> bool:
        return bool(self.review_verdict or self.review_note)

    def show_as_submitted(self) -> None:
        """In memory only, never saved: the answer as last submitted, for those outside the
        institution while it is being changed (see ``submitted_response``)."""
        self.response, self.comment = self.submitted_response, self.submitted_comment


ALLOWED_EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def evidence_path(instance: "Evidence", filename: str) -> str:
    """Stored under a generated name: the user's file name is kept only as data."""
    return f"evidence/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def _answer_history_str(entry) -> str:
    return gettext("%(answer)s, saved %(time)s") % {
        "answer": entry.instance,
        "time": date_format(timezone.localtime(entry.history_date), "SHORT_DATETIME_FORMAT"),
    }


# simple-history names a record "<answer> as of <UTC timestamp>"; the admin shows it as a title.
Answer.history.model.__str__ = _answer_history_str


class Evidence(models.Model):
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("answer")
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("assessments:evidence", kwargs={"pk": self.pk})


class PrincipleScore(models.Model):
    """A principle's score in an assessment, as computed at submission."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="principle_scores",
        verbose_name=_("assessment"),
    )
    principle = models.ForeignKey(
        Principle, on_delete=models.PROTECT, related_name="+", verbose_name=_("principle")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True)
    earned = models.DecimalField(_("points earned"), max_digits=8, decimal_places=2)
    possible = models.DecimalField(_("points possible"), max_digits=8, decimal_places=2)
    applicable = models.PositiveSmallIntegerField(
        _("applicable indicators"),
    )
    total = models.PositiveSmallIntegerField(
        _("indicators"),
    )

    class Meta:
        ordering = ["principle__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "principle"], name="one_score_per_principle"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="principle_score_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} P{self.principle_id}: {self.score}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ActionItem(models.Model):
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("assessment"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    what = models.TextField(_("what will be done"), validators=[TextLimitValidator()])
    responsible = models.CharField(_("who is responsible"), max_length=200)
    due_on = models.DateField(_("by when"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("action plan history entry"),
        verbose_name_plural=_("action plan history"),
    )

    class Meta:
        verbose_name = _("action-plan item")
        verbose_name_plural = _("action plan")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_action_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.what[:40]}"


class EventAction(models.TextChoices):
    CREATED = "created", _("Started")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Review notes saved")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")
    IMPORTED = "imported", _("Answers imported from an Excel file")


class AssessmentEvent(models.Model):
    """Every step of an assessment's life, with who and when."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="events", verbose_name=_("assessment")
    )
    action = models.CharField(_("step"), max_length=16, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("assessment step")
        verbose_name_plural = _("assessment steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.action}"
