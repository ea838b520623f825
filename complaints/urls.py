from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaints_home, name="home"),
    path("upload/", views.upload, name="upload"),
    path("templates/<slug:name>.csv", views.template_download, name="template"),
    path("institution/<slug:code>/", views.institution_complaints, name="institution"),
    path("institution/<slug:code>/chart.svg", views.institution_chart, name="institution_chart"),
    path("<slug:kind>/<str:month>/", views.month_table, name="month"),
    path("<slug:kind>/<str:month>/complaints/", views.month_complaints, name="month_complaints"),
]
