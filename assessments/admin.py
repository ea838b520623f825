from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
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
)
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
    fields = ["number", "code", "title_az", "title_en", "title_ru"]
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


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["institution", "period", "kind", "status", "overall_score", "submitted_at"]
    list_filter = ["status", "kind", "questionnaire"]
    search_fields = ["institution__name_az", "institution__code", "period"]
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
