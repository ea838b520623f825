from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "institution", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "is_demo", "institution__kind"]
    # Plain, labelled inputs: the autocomplete and the two-box filter Django draws with
    # script have no accessible name; the login dates are the system's, read only.
    filter_horizontal = ()
    readonly_fields = ["last_login", "date_joined"]
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


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    filter_horizontal = ()  # a plain labelled list: see UserAdmin
