from django.urls import path

from branchwork.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("<slug:code>/", views.organization_detail, name="detail"),
    path("<slug:code>/edit/", views.organization_edit, name="edit"),
    path("<slug:code>/new-child/", views.organization_create, name="create_child"),
    path("<slug:code>/committees/new/", views.committee_edit, name="committee_create"),
    path("<slug:code>/committees/<int:pk>/edit/", views.committee_edit, name="committee_edit"),
]
