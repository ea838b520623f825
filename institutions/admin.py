from django.contrib import admin

from smartportal.admin import HistoryAdmin

from .models import Institution


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    list_display = ["code", "name_az", "kind", "active_clients", "figures_as_of"]
    list_filter = ["kind"]
    search_fields = ["code", "name_az", "name_en", "name_ru", "registration_number"]
