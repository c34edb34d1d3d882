from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from branchwork.accounts import views

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("profile/", views.profile, name="profile"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("switch-organization/", views.switch_organization, name="switch_organization"),
    path("roles/<slug:code>/", views.grants, name="grants"),
    path("roles/<slug:code>/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path(
        "roles/<slug:code>/<int:pk>/password/",
        views.user_password_reset,
        name="user_password_reset",
    ),
]
