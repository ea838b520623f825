from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("new/", views.cohort_edit, name="create"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
    path("<int:pk>/edit/", views.cohort_edit, name="edit"),
    path("<int:pk>/chart.svg", views.cohort_chart, name="chart"),
    path("<int:pk>/report.<str:fmt>", views.cohort_report, name="report"),
]
