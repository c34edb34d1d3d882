from django.urls import path

from branchwork.honors import views

app_name = "honors"

urlpatterns = [
    path("", views.honor_list, name="list"),
    path("new/", views.honor_edit, name="create"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path("<int:pk>/", views.honor_detail, name="detail"),
    path("<int:pk>/edit/", views.honor_edit, name="edit"),
    path("<int:pk>/certificates/", views.certificate_add, name="certificate_add"),
]
