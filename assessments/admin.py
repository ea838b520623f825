from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextInputWidget
from django.db.models import Case, CharField, QuerySet, Value, When
from django.db.models.functions import Cast, Concat, ExtractYear
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from smartportal.admin import ReadOnlyAdminMixin

from .models import (
    ActionItem,
    Answer,
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

    @admin.action(description=_("Retire (no new assessments)"))
    def retire(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for questionnaire in queryset.filter(status=QuestionnaireStatus.PUBLISHED):
            questionnaire.status = QuestionnaireStatus.RETIRED
            questionnaire.save(update_fields=["status"])


@admin.register(Indicator)
class IndicatorAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "principle", "weight", "is_critical", "allows_na"]
    list_filter = ["principle__questionnaire", "is_critical"]
    search_fields = ["code", "text_az", "text_en", "text_ru"]


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


def period_text() -> Concat:
    """The period's label ("2026", "2026-H1") worked out by the database, for the search."""
    parts = [
        When(
            period_start__month=first_month,
            period_end__month=first_month + months - 1,
            then=Value(f"-{part}" if part else ""),
        )
        for part, (first_month, months) in PARTS.items()
    ]
    return Concat(
        Cast(ExtractYear("period_start"), CharField()),
        Case(*parts, default=Value("")),
        output_field=CharField(),
    )


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    form = AssessmentAdminForm
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
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "indicator", "responsible", "due_on", "status"]
    list_filter = ["status"]


@admin.register(Answer.history.model)
class AnswerHistoryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit history of answers and reviews: every save, by whom and when, never edited."""

    list_display = [
        "history_date",
        "history_user",
        "history_type",
        "history_change_reason",
        "assessment",
        "indicator",
        "response",
        "review_verdict",
    ]
    list_filter = ["history_type", "history_change_reason"]
    search_fields = ["assessment__institution__code", "history_user__username"]
    list_select_related = ["history_user", "assessment__institution", "indicator"]
    date_hierarchy = "history_date"
