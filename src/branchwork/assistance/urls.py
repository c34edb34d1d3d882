from django.urls import path

from branchwork.assistance import views

app_name = "assistance"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("entries/new/", views.entry_new, name="entry_new"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/verify/", views.entry_verify, name="entry_verify"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("entries/<int:pk>/documents/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("import/", views.ledger_import, name="import"),
    path("counties/", views.counties, name="counties"),
    path("targets/", views.targets, name="targets"),
    path("households/", views.households, name="households"),
    path("households/<int:pk>/pair/", views.household_pair, name="household_pair"),
    path("visits/", views.visits, name="visits"),
    path("pairings/<int:pk>/visit/", views.visit_new, name="visit_new"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("me/", views.my_pairings, name="me"),
    path("packs/", views.packs, name="packs"),
    path("packs/<int:pk>/", views.pack, name="pack"),
    path("packs/<int:pk>/download/", views.pack_download, name="pack_download"),
]
