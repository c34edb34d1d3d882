from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import apply_errors, paginate, query_without_page
from branchwork.organizations import selectors, services
from branchwork.organizations.filters import OrganizationFilter
from branchwork.organizations.forms import (
    CommitteeForm,
    OrganizationCreateForm,
    OrganizationEditForm,
)


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganizationFilter(
        request.GET, queryset=selectors.organization_list(user=request.user)
    )
    page = paginate(request, filterset.qs)
    context = {"filter": filterset, "page": page, "query": query_without_page(request)}
    template = "organizations/_list_rows.html" if request.htmx else "organizations/list.html"
    return render(request, template, context)


@login_required
def organization_detail(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.organization_get(request.user, code)
    overview = selectors.organization_overview(user=request.user, organization=org)
    return render(
        request,
        "organizations/detail.html",
        {
            "overview": overview,
            "org": org,
            "can_manage": can(request.user, Action.ORG_MANAGE, org),
            "can_grant": can(request.user, Action.GRANT_MANAGE, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest, code: str) -> HttpResponse:
    parent = selectors.organization_get(request.user, code)
    require(request.user, Action.ORG_MANAGE, parent)
    form = OrganizationCreateForm(request.POST or None, parent_type=parent.org_type)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(
                actor=request.user, parent=parent, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Organization %(name)s created.") % {"name": org.name})
            return redirect("organizations:detail", code=org.code)
    return render(request, "organizations/form.html", {"form": form, "parent": parent})


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.organization_get(request.user, code)
    require(request.user, Action.ORG_MANAGE, org)
    form = OrganizationEditForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(actor=request.user, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("organizations:detail", code=org.code)
    return render(request, "organizations/form.html", {"form": form, "org": org})


@login_required
@require_http_methods(["GET", "POST"])
def committee_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    org = selectors.organization_get(request.user, code)
    committee = selectors.committee_get(user=request.user, organization=org, pk=pk) if pk else None
    require(request.user, Action.ORG_MANAGE, org)
    form = CommitteeForm(request.POST or None, instance=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "term_start": data["term_start"],
            "term_end": data["term_end"],
            "elected_on": data["elected_on"],
            "notes": data["notes"],
            "posts": form.posts(),
        }
        try:
            if committee is None:
                _committee, findings = services.committee_create(
                    actor=request.user, organization=org, **fields
                )
            else:
                _committee, findings = services.committee_update(
                    actor=request.user, committee=committee, **fields
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Committee saved."))
            for finding in findings:
                messages.warning(request, f"{finding.message} ({finding.source})")
            return redirect("organizations:detail", code=org.code)
    return render(
        request,
        "organizations/committee_form.html",
        {"form": form, "org": org, "committee": committee},
    )
