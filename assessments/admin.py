from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextInputWidget
from django.db.models import Case, CharField, QuerySet, Value, When
from django.db.models.functions import Cast, Concat, ExtractYear
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from smartportal.admin import HistoryAdmin, ReadOnlyAdminMixin

from .models import (
    BAND_LABELS,
    ActionItem,
    Answer,
    AnswerSource,
    Assessment,
    AssessmentEvent,
    Indicator,
    Principle,
    Questionnaire,
    QuestionnaireStatus,
    period_parse,
)
from .periods import PARTS, Period
from .questionnaires import questionnaire_copy, questionnaire_publish


class DraftOnlyMixin:
    """Content of a published or retired version is shown read-only (the models refuse it too)."""

    def _questionnaire_of(self, obj):
        if obj is None:
            return None
        if isinstance(obj, Questionnaire):
            return obj
        if isinstance(obj, Principle):
            return obj.questionnaire
        return obj.principle.questionnaire

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        questionnaire = self._questionnaire_of(obj)
        if questionnaire is not None and not questionnaire.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        questionnaire = self._questionnaire_of(obj)
        if questionnaire is not None and not questionnaire.is_draft:
            return False
        return super().has_delete_permission(request, obj)


class PrincipleInline(DraftOnlyMixin, admin.TabularInline):
    model = Principle
    fields = ["number", "code", "topic", "title_az", "title_en", "title_ru"]
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "version", "title_az", "status", "published_at"]
    list_filter = ["status"]
    inlines = [PrincipleInline]
    readonly_fields = ["status", "published_at"]
    actions = ["copy_to_draft", "publish", "retire"]

    @admin.action(description=_("Copy into a new draft version"))
    def copy_to_draft(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for source in queryset:
            version = f"{source.version}-draft"
            suffix = 1
            while Questionnaire.objects.filter(code=source.code, version=version).exists():
                suffix += 1
                version = f"{source.version}-draft{suffix}"
            questionnaire_copy(source=source, version=version)
            self.message_user(
                request,
                _("Draft %(code)s %(version)s created.")
                % {"code": source.code, "version": version},
            )

    @admin.action(description=_("Publish (it cannot be changed afterwards)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for questionnaire in queryset:
            try:
                questionnaire_publish(questionnaire=questionnaire)
            except ValueError as error:
                self.message_user(request, f"{questionnaire}: {error}", level=messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(questionnaire)s is published.") % {"questionnaire": questionnaire},
                    level=messages.SUCCESS,
                )

    @admin.action(description=_("Retire (no new assessments)"))
    def retire(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for questionnaire in queryset.filter(status=QuestionnaireStatus.PUBLISHED):
            questionnaire.status = QuestionnaireStatus.RETIRED
            questionnaire.save(update_fields=["status"])


@admin.register(Indicator)
class IndicatorAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "principle", "version", "weight", "is_critical", "allows_na"]
    list_filter = ["principle__questionnaire", "is_critical"]
    search_fields = ["code", "text_az", "text_en", "text_ru"]
    list_select_related = ["principle__questionnaire"]

    @admin.display(description=_("questionnaire version"), ordering="principle__questionnaire")
    def version(self, indicator: Indicator) -> str:
        return str(indicator.principle.questionnaire)


class EventInline(admin.TabularInline):
    model = AssessmentEvent
    fields = ["action", "actor", "at", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class AssessmentAdminForm(forms.ModelForm):
    """The period written as on the start page ("2026-H1"), stored as its first and last day."""

    period = forms.CharField(label=capfirst(_("period")), max_length=7, widget=AdminTextInputWidget)

    class Meta:
        model = Assessment
        fields = ["institution", "questionnaire", "period", "kind", "status"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("period", self.instance.period_label)

    def clean_period(self) -> Period:
        period = period_parse(self.cleaned_data["period"])
        self.instance.period_start, self.instance.period_end = period.start, period.end
        return period

    def _get_validation_exclusions(self) -> set[str]:
        # The dates come from the period field: one assessment per institution, period and
        # questionnaire is checked on them, as it was on the period's text.
        return super()._get_validation_exclusions() - {"period_start", "period_end"}


def period_text(prefix: str = "") -> Concat:
    """The period's label ("2026", "2026-H1") worked out by the database, for the search;
    ``prefix`` ("assessment__") reaches the assessment from a related model."""
    parts = [
        When(
            **{
                f"{prefix}period_start__month": first_month,
                f"{prefix}period_end__month": first_month + months - 1,
            },
            then=Value(f"-{part}" if part else ""),
        )
        for part, (first_month, months) in PARTS.items()
    ]
    return Concat(
        Cast(ExtractYear(f"{prefix}period_start"), CharField()),
        Case(*parts, default=Value("")),
        output_field=CharField(),
    )


@admin.register(Assessment)
class AssessmentAdmin(HistoryAdmin):
    form = AssessmentAdminForm
    history_value_labels = {"band": BAND_LABELS}
    list_display = ["institution", "period", "kind", "status", "overall_score", "submitted_at"]
    list_filter = ["status", "kind", "questionnaire"]
    search_fields = ["institution__name_az", "institution__code", "period_text"]
    readonly_fields = [
        "overall_score",
        "band",
        "gate_met",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "decided_by",
        "created_by",
    ]
    inlines = [EventInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assessment]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                period_text=period_text(),
                # ISO dates side by side sort as the pages do: by the end, then the start.
                period_order=Concat(
                    Cast("period_end", CharField()), Cast("period_start", CharField())
                ),
            )
        )

    @admin.display(description=_("period"), ordering="period_order")
    def period(self, assessment: Assessment) -> str:
        return assessment.period_label


@admin.register(ActionItem)
class ActionItemAdmin(HistoryAdmin):
    list_display = ["assessment", "indicator", "responsible", "due_on", "status"]
    list_filter = ["status"]


class AnswerSourceFilter(admin.SimpleListFilter):
    title = _("source")
    parameter_name = "source"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return AnswerSource.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == AnswerSource.IMPORTED:
            return queryset.filter(history_change_reason__startswith=AnswerSource.IMPORTED)
        if self.value() in AnswerSource.values:
            return queryset.filter(history_change_reason=self.value())
        return queryset


@admin.register(Answer.history.model)
class AnswerHistoryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit history of answers and reviews: every save, by whom, when and from where
    (typed, imported from a workbook, reviewed), never edited."""

    list_display = [
        "saved_at",
        "saved_by",
        "change",
        "source",
        "assessment",
        "indicator",
        "response",
        "review_verdict",
    ]
    list_filter = [
        AnswerSourceFilter,
        "assessment__institution",
        "indicator__principle__questionnaire",
    ]
    search_fields = [
        "=assessment__id",
        "assessment__institution__code",
        "assessment__institution__name_az",
        "assessment__institution__name_en",
        "assessment__institution__name_ru",
        "period_text",
        "indicator__code",
        "indicator__text_az",
        "indicator__text_en",
        "indicator__text_ru",
        "history_user__username",
    ]
    list_select_related = ["history_user", "assessment__institution", "indicator"]
    date_hierarchy = "history_date"
    fields = [
        "saved_at",
        "saved_by",
        "change",
        "source",
        "assessment",
        "indicator",
        "response",
        "comment",
        "review_verdict",
        "review_note",
        "reviewed_by",
        "reviewed_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(period_text=period_text("assessment__"))

    # simple-history's own columns have no translated names: each is shown under one.
    @admin.display(description=_("saved at"), ordering="history_date")
    def saved_at(self, entry) -> str:
        return date_format(timezone.localtime(entry.history_date), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("saved by"), ordering="history_user__username")
    def saved_by(self, entry) -> str:
        return entry.history_user or ""

    @admin.display(description=_("change"), ordering="history_type")
    def change(self, entry) -> str:
        return entry.get_history_type_display()

    @admin.display(description=_("source"), ordering="history_change_reason")
    def source(self, entry) -> str | None:
        # Saves recorded before sources were kept show the admin's empty mark.
        return AnswerSource.describe(entry.history_change_reason) or None
