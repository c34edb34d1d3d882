from django.urls import path

from branchwork.members import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_edit, name="create"),
    path("export.xlsx", views.member_export, name="export"),
    path("template.xlsx", views.member_template, name="template"),
    path("import/", views.member_import, name="import"),
    path("statistics/", views.member_statistics, name="statistics"),
    path("corrections/", views.correction_list, name="corrections"),
    path("corrections/<int:pk>/decide/", views.correction_decide, name="correction_decide"),
    path("me/", views.my_record, name="me"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/status/", views.member_status, name="status"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/reveal/<str:field>/", views.member_reveal, name="reveal"),
    path("<int:pk>/login/", views.member_account, name="account"),
]
