from django.urls import path

from branchwork.study import views

app_name = "study"

urlpatterns = [
    path("", views.progress, name="progress"),
    path("me/", views.my_study, name="me"),
    path("records/", views.record_list, name="records"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("records/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("plan/", views.plan, name="plan"),
    path("plan/topics/<int:pk>/delete/", views.plan_item_delete, name="plan_item_delete"),
    path("materials/", views.materials, name="materials"),
    path("materials/<int:pk>/", views.material_detail, name="material"),
    path("materials/<int:pk>/file/", views.material_file, name="material_file"),
    path("materials/<int:pk>/read/", views.material_read, name="material_read"),
    path("export.xlsx", views.ledger_export, name="export"),
    path("import/", views.records_import, name="import"),
    path("import/template.xlsx", views.import_template, name="template"),
]
