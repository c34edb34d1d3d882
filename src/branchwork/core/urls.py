from django.urls import path

from branchwork.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("activity/", views.activity, name="activity"),
    path("healthz", views.healthz, name="healthz"),
]
