from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.accounts import selectors, services
from branchwork.accounts.forms import GrantForm, TokenCreateForm
from branchwork.core.current import SESSION_ORG_KEY, switchable_organizations
from branchwork.core.roles import Action, Role
from branchwork.core.scoping import is_global, require, roles_on, user_grants
from branchwork.core.utils import apply_errors, paginate, validation_to_messages
from branchwork.organizations import selectors as org_selectors


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = TokenCreateForm()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": selectors.token_list(user=request.user),
            "grants": user_grants(request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get(user=request.user, pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("accounts:profile")


@login_required
@require_POST
def switch_organization(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("org", "")
    if not any(o.code == code for o in switchable_organizations(request.user)):
        raise Http404
    request.session[SESSION_ORG_KEY] = code
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def grants(request: HttpRequest, code: str) -> HttpResponse:
    org = org_selectors.organization_get(request.user, code)
    require(request.user, Action.GRANT_MANAGE, org)
    roles = selectors.grantable_roles(request.user, org)
    form = GrantForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_create(
                actor=request.user,
                user=form.cleaned_data["username"],
                organization=org,
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:grants", code=org.code)
    rows = selectors.grant_list(user=request.user, organization=org)
    return render(
        request,
        "accounts/grants.html",
        {
            "org": org,
            "form": form,
            "page": paginate(request, rows),
            "can_reset_passwords": is_global(request.user)
            or Role.ADMIN in roles_on(request.user, org),
        },
    )


@login_required
@require_POST
def grant_revoke(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    org = org_selectors.organization_get(request.user, code)
    grant = selectors.grant_get(user=request.user, organization=org, pk=pk)
    try:
        services.grant_revoke(actor=request.user, grant=grant)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Role revoked."))
    return redirect("accounts:grants", code=org.code)


@login_required
@require_POST
def user_password_reset(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An administrator resets the password of the holder of grant ``pk`` (a temporary one,
    shown once in the message)."""
    org = org_selectors.organization_get(request.user, code)
    grant = selectors.grant_get(user=request.user, organization=org, pk=pk)
    try:
        password = services.user_password_reset(
            actor=request.user, user=grant.user, organization=org
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.warning(
            request,
            _(
                "New temporary password of %(user)s: %(password)s — give it to them in person; "
                "it is shown only this once."
            )
            % {"user": grant.user, "password": password},
        )
    return redirect("accounts:grants", code=org.code)
