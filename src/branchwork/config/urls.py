from django.conf import settings
from django.urls import include, path

from branchwork.config.api import api

urlpatterns = [
    path("", include("branchwork.core.urls")),
    path("accounts/", include("branchwork.accounts.urls")),
    path("orgs/", include("branchwork.organizations.urls")),
    path("members/", include("branchwork.members.urls")),
    path("meetings/", include("branchwork.meetings.urls")),
    path("dues/", include("branchwork.dues.urls")),
    path("roads/", include("branchwork.roads.urls")),
    path("maintenance/", include("branchwork.maintenance.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
