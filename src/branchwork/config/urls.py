from django.contrib.auth import views as auth_views
from django.urls import include, path

from branchwork.config.api import api

# Password reset by e-mail, with Django's own views (the console e-mail backend in the default
# profile prints the message). The names are Django's defaults, which its views expect.
password_reset = [
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.html"
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", include("branchwork.core.urls")),
    path("accounts/", include("branchwork.accounts.urls")),
    path("accounts/", include(password_reset)),
    path("orgs/", include("branchwork.organizations.urls")),
    path("members/", include("branchwork.members.urls")),
    path("meetings/", include("branchwork.meetings.urls")),
    path("development/", include("branchwork.development.urls")),
    path("dues/", include("branchwork.dues.urls")),
    path("roads/", include("branchwork.roads.urls")),
    path("maintenance/", include("branchwork.maintenance.urls")),
    path("study/", include("branchwork.study.urls")),
    path("rules/", include("branchwork.regulations.urls")),
    path("activities/", include("branchwork.activities.urls")),
    path("honors/", include("branchwork.honors.urls")),
    path("publicity/", include("branchwork.publicity.urls")),
    path("standards/", include("branchwork.standards.urls")),
    path("assistance/", include("branchwork.assistance.urls")),
    path("dashboard/", include("branchwork.dashboard.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
]
# Uploaded files are never served from MEDIA_URL, in any profile: each is served by the scoped
# view of its record (meeting attachments, progress and patrol photos).
