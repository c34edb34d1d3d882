from django.urls import path

from branchwork.development import views

app_name = "development"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("export.xlsx", views.register_export, name="export"),
    path("import/", views.register_import, name="import"),
    path("new/", views.person_create, name="create"),
    path("files/<int:pk>/", views.document_download, name="document"),
    path("steps/<int:pk>/documents/", views.document_add, name="attach"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/step/", views.step_record, name="step"),
    path("<int:pk>/vote/", views.vote_record, name="vote"),
    path("<int:pk>/disqualify/", views.disqualify, name="disqualify"),
    path("<int:pk>/file.docx", views.person_file, name="file"),
]
