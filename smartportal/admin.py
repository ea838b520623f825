"""Shared admin pieces (no model of this app is registered)."""

from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """Shown, never added, changed or deleted in the admin: records and audit history."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
