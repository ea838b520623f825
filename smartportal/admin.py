"""Shared admin pieces (no model of this app is registered)."""

from django.forms import BaseModelForm
from django.http import HttpRequest


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
