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
