from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("", views.InstitutionListView.as_view(), name="list"),
    path("<slug:code>/", views.InstitutionDetailView.as_view(), name="detail"),
    path("<slug:code>/edit/", views.InstitutionUpdateView.as_view(), name="edit"),
]
