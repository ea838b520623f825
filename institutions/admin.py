from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Institution


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_az", "kind", "active_clients", "figures_as_of"]
    list_filter = ["kind"]
    search_fields = ["code", "name_az", "name_en", "name_ru", "registration_number"]
