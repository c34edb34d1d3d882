from django.urls import path

from branchwork.maintenance import views

app_name = "maintenance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("routes/", views.route_list, name="routes"),
    path("routes/new/", views.route_edit, name="route_create"),
    path("routes/<int:pk>/", views.route_detail, name="route"),
    path("routes/<int:pk>/edit/", views.route_edit, name="route_edit"),
    path("routes/<int:pk>/survey-template.xlsx", views.route_template, name="route_template"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/template.xlsx", views.survey_template, name="survey_template"),
    path("surveys/import/", views.survey_import, name="survey_import"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/delete/", views.survey_delete, name="survey_delete"),
    path("patrols/", views.patrol_list, name="patrols"),
    path("patrols/<int:pk>/", views.patrol_detail, name="patrol"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("work-orders/", views.work_order_list, name="work_orders"),
    path("work-orders/<int:pk>/", views.work_order_detail, name="work_order"),
    path("work-orders/<int:pk>/advance/", views.work_order_advance, name="work_order_advance"),
    path("profiles/", views.profile_list, name="profiles"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile"),
    path("profiles/<int:pk>/revise/", views.profile_revise, name="profile_revise"),
]
