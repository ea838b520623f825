from django.urls import path

from .views import institution, regulator

app_name = "complaints"

urlpatterns = [
    path("", regulator.complaints_home, name="home"),
    path("upload/", regulator.upload, name="upload"),
    path("templates/<slug:name>.csv", regulator.template_download, name="template"),
    path("institution/<slug:code>/", institution.institution_complaints, name="institution"),
    path(
        "institution/<slug:code>/chart.svg",
        institution.institution_chart,
        name="institution_chart",
    ),
    path("<slug:kind>/<str:month>/", regulator.month_table, name="month"),
    path("<slug:kind>/<str:month>/funnel.svg", regulator.month_funnel, name="month_funnel"),
    path(
        "<slug:kind>/<str:month>/complaints/",
        regulator.month_complaints,
        name="month_complaints",
    ),
]
