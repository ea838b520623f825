from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:kind>/quadrant.svg", views.quadrant_chart, name="quadrant_chart"),
    path("<slug:kind>/<slug:what>.<str:fmt>", views.download, name="download"),
]
