from django.urls import path

from branchwork.roads import views

app_name = "roads"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("projects/", views.project_list, name="projects"),
    path("groups/", views.group_list, name="groups"),
    path("projects/new/", views.project_edit, name="project_create"),
    path("townships/", views.township_options, name="townships"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/advance/", views.project_advance, name="project_advance"),
    path("projects/<int:pk>/groups/", views.project_connect, name="project_connect"),
    path(
        "projects/<int:pk>/groups/<int:group_pk>/remove/",
        views.project_disconnect,
        name="project_disconnect",
    ),
    path("projects/<int:pk>/progress/", views.project_progress, name="project_progress"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("targets/", views.target_list, name="targets"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
]
