from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "institution", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "is_demo", "institution__kind"]
    autocomplete_fields = ["institution"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Role in the portal"), {"fields": ("role", "institution", "is_demo")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Role in the portal"), {"fields": ("role", "institution")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Only a superuser makes superusers or hands out Django's own permissions.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY]})
            for name, options in fieldsets
        ]

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and _may_manage(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and _may_manage(request.user, obj)


SUPERUSER_ONLY = {"is_superuser", "groups", "user_permissions"}


def _may_manage(user: User, account: User | None) -> bool:
    """A superuser's account (its password above all) is changed by superusers only."""
    return account is None or not account.is_superuser or user.is_superuser
