from django.urls import path

from branchwork.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("panels/<slug:key>/", views.panel, name="panel"),
    path("report.docx", views.report, name="report"),
]
