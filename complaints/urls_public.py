"""The published complaint index: public, no login, a permanent address per month."""

from django.urls import path

from .views import public

urlpatterns = [
    path("", public.public_index, name="index"),
    path("<slug:kind>/<str:month>/", public.public_month, name="month"),
    path("<slug:kind>/<str:month>.<str:fmt>", public.public_download, name="download"),
    path("<slug:kind>/<str:month>/report.<str:fmt>", public.public_report, name="report"),
    path("<slug:kind>/<str:month>/funnel.svg", public.public_funnel, name="funnel"),
]
