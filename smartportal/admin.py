"""Shared admin pieces (no model of this app is registered)."""

import datetime
from typing import Any

from django.forms import BaseModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import (
    DeletedObject,
    HistoricalChanges,
    ModelChange,
    ModelChangeValue,
)
from simple_history.template_utils import HistoricalRecordContextHelper


class ReadOnlyAdminMixin:
    """Shown, never added, changed or deleted in the admin: records and audit history."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class LabelledListEditableMixin:
    """The inputs of a list_editable column sit in table cells without a label: each gets an
    accessible name, its column and its row ("position: Cards")."""

    def get_changelist_form(self, request: HttpRequest, **kwargs) -> type[BaseModelForm]:
        base = super().get_changelist_form(request, **kwargs)

        class LabelledForm(base):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return LabelledForm


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """A change in the history reads as the pages say it ("Submitted → Accepted", a local
    time), not as stored (``submitted → accepted``, UTC). ``value_labels`` names the values of
    fields stored as codes without choices (an assessment's band: "strong" → "Strong")."""

    def __init__(self, model, historical_record, *, value_labels=None) -> None:
        super().__init__(model, historical_record)
        self.value_labels = value_labels or {}

    def prepare_delta_change_value(self, change: ModelChange, value: ModelChangeValue) -> Any:
        field = self.model._meta.get_field(change.field)
        # An empty foreign key comes back as a "deleted" object with no key.
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return "—"
        if change.field in self.value_labels:
            return self.value_labels[change.field].get(value, value)
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if field.choices and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return date_format(value, "SHORT_DATE_FORMAT")
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, its history page showing changes as ReadableHistoryHelper does
    (``history_value_labels``: the labels of fields stored as codes without choices)."""

    history_value_labels: dict[str, dict] = {}

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: HistoricalChanges
    ) -> HistoricalRecordContextHelper:
        return ReadableHistoryHelper(
            self.model, historical_record, value_labels=self.history_value_labels
        )
