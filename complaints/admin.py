from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from smartportal.admin import HistoryAdmin, LabelledListEditableMixin, ReadOnlyAdminMixin

from .models import (
    ClientCount,
    ClientCountChange,
    Complaint,
    ComplaintCategory,
    ComplaintImport,
    Publication,
    PublicationRow,
    ZoneRule,
)
from .recount import complaints_recount_all, imports_locked_out


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Complaint data changes through imports, which check every row, recount the repeats
    and record replaced client counts: never here."""


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(LabelledListEditableMixin, HistoryAdmin):
    list_display = ["code", "name_az", "counts_toward_index", "position"]
    list_editable = ["position"]

    def save_model(self, request, obj, form, change) -> None:
        imports_locked_out()  # before the category's row is locked: see the function
        super().save_model(request, obj, form, change)
        if change and "counts_toward_index" in form.changed_data:
            complaints_recount_all()


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    """Whether each complaint counted, and why not."""

    list_display = [
        "institution",
        "received_on",
        "category",
        "channel",
        "complainant_ref",
        "counted",
        "reason",
        "repeat_of",
        "reference",
    ]
    list_filter = ["counted", "reason", "channel", "category", "institution__kind"]
    search_fields = ["reference", "complainant_ref", "institution__code"]
    date_hierarchy = "received_on"
    readonly_fields = ["counted", "reason", "repeat_of", "imported_at"]
    list_select_related = ["institution", "category", "repeat_of"]


@admin.register(ClientCount)
class ClientCountAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["institution", "month", "active_clients", "updated_at"]
    list_filter = ["institution__kind", "month"]


@admin.register(ClientCountChange)
class ClientCountChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A record of each change to a client count, made by the uploads: shown, never edited."""

    list_display = ["count", "old_value", "new_value", "source", "changed_by", "changed_at"]
    list_select_related = ["count__institution", "changed_by"]


@admin.register(ZoneRule)
class ZoneRuleAdmin(HistoryAdmin):
    list_display = ["__str__", "method", "lower", "upper", "reference", "confidence", "is_default"]


class PublicationRowInline(admin.TabularInline):
    model = PublicationRow
    extra = 0
    can_delete = False
    readonly_fields = [
        "institution",
        "complaints",
        "complaint_share",
        "clients",
        "client_share",
        "expected",
        "index",
        "index_low",
        "index_high",
        "funnel",
        "zone",
    ]


@admin.register(Publication)
class PublicationAdmin(HistoryAdmin):
    """Published tables are frozen: shown, never changed here."""

    list_display = ["month", "kind", "period_type", "revision", "rule", "published_by"]
    list_filter = ["kind", "period_type"]
    inlines = [PublicationRowInline]

    @admin.display(description=_("zone rule"), ordering="rule_name")
    def rule(self, publication: Publication) -> str:
        return publication.rule_label

    def has_add_permission(self, request) -> bool:
        # A table is published from its month's page, which computes and freezes its rows.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ComplaintImport)
class ComplaintImportAdmin(ReadOnlyAdmin):
    """Who imported which complaints file, when, and what it added."""

    list_display = ["imported_at", "imported_by", "source", "rows", "imported", "counted"]
    list_select_related = ["imported_by"]
    date_hierarchy = "imported_at"
