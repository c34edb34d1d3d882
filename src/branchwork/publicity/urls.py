from django.urls import path

from branchwork.publicity import public, views

app_name = "publicity"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_edit, name="create"),
    path("channel/", views.channel, name="channel"),
    path("openness/", views.openness, name="openness"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/submit/", views.item_submit, name="submit"),
    path("<int:pk>/approve/", views.item_approve, name="approve"),
    path("<int:pk>/send-back/", views.item_send_back, name="send_back"),
    path("<int:pk>/withdraw/", views.item_withdraw, name="withdraw"),
    # Public pages: no sign-in, cached (publicity/public.py).
    path("public/<slug:code>/", public.public_list, name="public_list"),
    path("public/<slug:code>/feed.rss", public.feed, name="feed"),
    path("public/<slug:code>/<int:pk>/", public.public_item, name="public_item"),
    path("public/<slug:code>/<int:pk>/print/", public.public_print, name="public_print"),
]
