from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.core.utils import parse_year
from branchwork.dashboard.panels import panel_get, panels_for
from branchwork.organizations.selectors import organization_for_request

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The department dashboard: party building and central work of one organization. The
    page lists the panels; each loads its figures from ``panel`` (HTMX)."""
    org = organization_for_request(request)
    require(request.user, Action.DASHBOARD_VIEW, org)
    today = timezone.localdate()
    year = parse_year(request.GET.get("year"), today.year)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "org": org,
            "year": year,
            "years": range(today.year, today.year - 8, -1),
            "panels": panels_for(request.user, org),
        },
    )


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """The annual work report of the dashboard's organization and year, as .docx."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils import translation

    from branchwork.core.audit import record
    from branchwork.dashboard.charts import ChartFontMissing
    from branchwork.dashboard.report import annual_report

    org = organization_for_request(request)
    year = parse_year(request.GET.get("year"), timezone.localdate().year)
    try:
        content = annual_report(
            user=request.user,
            organization=org,
            year=year,
            language=translation.get_language() or "zh-hans",
        )
    except ChartFontMissing:
        # A server without fonts-noto-cjk: say what to install rather than fail.
        messages.error(
            request,
            _(
                "The report's charts need a Chinese font on the server (Debian's "
                "fonts-noto-cjk). Ask the administrator to install it."
            ),
        )
        return redirect(f"{reverse('dashboard:index')}?org={org.code}&year={year}")
    record(
        actor=request.user,
        kind="export",
        model="organizations.organization",
        object_id=str(org.pk),
        object_repr=f"annual report {year}",
        org_path=org.path,
    )
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="annual-report-{org.code}-{year}.docx"'
    return response


@login_required
def panel(request: HttpRequest, key: str) -> HttpResponse:
    """One panel's figures: the fragment for the dashboard, or a page of its own without
    JavaScript."""
    org = organization_for_request(request)
    require(request.user, Action.DASHBOARD_VIEW, org)
    found = panel_get(key)
    if found is None:
        raise Http404
    if found not in panels_for(request.user, org):
        raise PermissionDenied
    today = timezone.localdate()
    year = parse_year(request.GET.get("year"), today.year)
    context = {
        "org": org,
        "year": year,
        "panel": found,
        "p": found.load(request.user, org, year, today),
    }
    template = "dashboard/_panel.html" if request.htmx else "dashboard/panel.html"
    return render(request, template, context)
