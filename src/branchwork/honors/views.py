from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.activities.selectors import people_choices
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import apply_errors, errors_to_messages, paginate, validation_to_messages
from branchwork.honors import rules, selectors, services
from branchwork.honors.filters import HonorFilter
from branchwork.honors.forms import CertificateForm, HonorForm
from branchwork.organizations.selectors import organization_for_request


@login_required
def honor_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.ACTIVITIES_VIEW, org)
    filterset = HonorFilter(
        request.GET, queryset=selectors.honor_list(user=request.user, organization=org)
    )
    years, table = selectors.counts(user=request.user, organization=org)
    return render(
        request,
        "honors/list.html",
        {
            "org": org,
            "page": paginate(request, filterset.qs),
            "level": filterset.value("level"),
            "recipient": filterset.value("recipient"),
            "levels": rules.Level.choices,
            "recipients": rules.Recipient.choices,
            "years": years,
            "table": [(rules.Level(level).label, per, total) for level, per, total in table],
            "can_manage": can(request.user, Action.ACTIVITIES_MANAGE, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def honor_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        org = organization_for_request(request)
        require(request.user, Action.ACTIVITIES_MANAGE, org)
        honor = None
    else:
        honor = selectors.honor_get(user=request.user, pk=pk, action=Action.ACTIVITIES_MANAGE)
        org = honor.organization
    members, _staff = people_choices(user=request.user, organization=org)
    form = HonorForm(request.POST or None, instance=honor, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.honor_save(
                actor=request.user, organization=org, data=form.cleaned_data, honor=honor
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Honor saved."))
            return redirect("honors:detail", pk=saved.pk)
    return render(request, "honors/form.html", {"form": form, "org": org, "honor": honor})


@login_required
def honor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    honor = selectors.honor_get(user=request.user, pk=pk)
    can_manage = can(request.user, Action.ACTIVITIES_MANAGE, honor.organization)
    context: dict[str, Any] = {
        "honor": honor,
        "org": honor.organization,
        "certificates": honor.certificates.all(),
        "can_manage": can_manage,
        "badge": rules.LEVEL_BADGE.get(honor.level, ""),
        "certificate_form": CertificateForm() if can_manage else None,
    }
    return render(request, "honors/detail.html", context)


@login_required
@require_POST
def certificate_add(request: HttpRequest, pk: int) -> HttpResponse:
    honor = selectors.honor_get(user=request.user, pk=pk, action=Action.ACTIVITIES_MANAGE)
    form = CertificateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.certificate_add(
                actor=request.user, honor=honor, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("Certificate scan stored."))
    else:
        errors_to_messages(request, form)
    return redirect("honors:detail", pk=pk)


@login_required
def certificate(request: HttpRequest, pk: int) -> FileResponse:
    stored = selectors.certificate_get(user=request.user, pk=pk)
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=not stored.content_type.startswith("image/"),
        filename=stored.name,
        content_type=stored.content_type,
    )
