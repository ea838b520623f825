from django.urls import path

from . import views, views_offline

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_start_view, name="start"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/principles/<int:number>/", views.principle_fill, name="fill"),
    path("<int:pk>/submit/", views.assessment_submit_view, name="submit"),
    path("<int:pk>/results/", views.assessment_results, name="results"),
    path("<int:pk>/chart.svg", views.assessment_chart, name="chart"),
    path("<int:pk>/report.<str:fmt>", views.assessment_report, name="report"),
    path("<int:pk>/offline.xlsx", views_offline.offline_download, name="offline_download"),
    path("<int:pk>/offline/", views_offline.offline_upload, name="offline_upload"),
    path("<int:pk>/review/<int:number>/", views.principle_review, name="review"),
    path("<int:pk>/decision/", views.assessment_decide_view, name="decide"),
    path("<int:pk>/actions/<int:indicator>/", views.action_item_edit, name="action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("history/<slug:code>/", views.institution_history_view, name="history"),
]
