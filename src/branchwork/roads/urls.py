from django.urls import path

from branchwork.roads import views

app_name = "roads"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
