"""The published complaint index: public, no login, a permanent address per month."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.public_index, name="index"),
    path("<slug:kind>/<str:month>/", views.public_month, name="month"),
    path("<slug:kind>/<str:month>.<str:fmt>", views.public_download, name="download"),
    path("<slug:kind>/<str:month>/report.<str:fmt>", views.public_report, name="report"),
]
