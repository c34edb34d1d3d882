from django.urls import path

from branchwork.standards import views

app_name = "standards"

urlpatterns = [
    path("", views.index, name="index"),
    path("checklists/default/", views.template_install, name="template_install"),
    path("checklists/<int:pk>/", views.template_detail, name="template"),
    path("checklists/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("checklists/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("rounds/open/", views.round_open, name="round_open"),
    path("rollup/", views.rollup, name="rollup"),
    path("rollup.xlsx", views.rollup_export, name="rollup_export"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/score/", views.inspection_score, name="score"),
    path("inspections/<int:pk>/sign-off/", views.inspection_sign_off, name="sign_off"),
    path("inspections/<int:pk>/correct/", views.inspection_correct, name="correct"),
    path("inspections/<int:pk>/upload/", views.inspection_upload, name="upload"),
    path("files/<int:pk>/", views.evidence_file, name="file"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/tasks/", views.project_task, name="task"),
    path("projects/<int:pk>/status/", views.project_status, name="project_status"),
    path("projects/<int:pk>/photos/", views.project_photo, name="project_photo"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
