from django.urls import path

from branchwork.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_edit, name="create"),
    path("hours/", views.hours, name="hours"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("participants/<int:pk>/", views.participant_change, name="participant"),
    path("mass/", views.mass_org_list, name="mass_list"),
    path("mass/new/", views.mass_org_edit, name="mass_create"),
    path("mass/<int:pk>/", views.mass_org_detail, name="mass_detail"),
    path("mass/<int:pk>/edit/", views.mass_org_edit, name="mass_edit"),
    path("mass/<int:pk>/members/", views.mass_org_member_add, name="mass_member_add"),
    path(
        "mass/memberships/<int:pk>/remove/",
        views.mass_org_member_remove,
        name="mass_member_remove",
    ),
    path("staff/", views.staff_list, name="staff"),
    path("care/", views.care, name="care"),
    path("care/new/", views.visit_edit, name="visit_create"),
    path("care/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("care/fund/", views.fund_add, name="fund_add"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/sign-up/", views.activity_sign_up, name="sign_up"),
    path("<int:pk>/check-in/", views.activity_check_in, name="check_in"),
    path("<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("<int:pk>/participants.xlsx", views.participants_export, name="export"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
]
