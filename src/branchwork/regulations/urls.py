from django.urls import path

from branchwork.regulations import views

app_name = "regulations"

urlpatterns = [
    path("", views.regulation_list, name="list"),
    path("new/", views.regulation_create, name="create"),
    path("booklet.docx", views.booklet, name="booklet"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.regulation_detail, name="detail"),
    path("<int:pk>/edit/", views.regulation_edit, name="edit"),
    path("<int:pk>/draft/", views.draft_edit, name="draft"),
    path("<int:pk>/attachments/", views.attach, name="attach"),
    path("<int:pk>/rule.docx", views.regulation_docx, name="docx"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/adopt/", views.version_adopt, name="adopt"),
    path("versions/<int:pk>/discard/", views.draft_discard, name="discard"),
    path("versions/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("versions/<int:pk>/readers/", views.readers, name="readers"),
    path("versions/<int:pk>/remind/", views.remind, name="remind"),
]
