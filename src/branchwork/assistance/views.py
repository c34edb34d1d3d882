from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.assistance import exports, imports, selectors, services
from branchwork.assistance.filters import LedgerFilter, VisitFilter
from branchwork.assistance.forms import (
    DesignationForm,
    DocumentForm,
    EntryForm,
    HouseholdForm,
    ImportForm,
    PackForm,
    PairingForm,
    ReverseForm,
    TargetForm,
    VillageForm,
    VisitForm,
)
from branchwork.assistance.models import IndicatorTarget
from branchwork.core.audit import record
from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import (
    apply_errors,
    errors_to_messages,
    paginate,
    parse_year,
    query_without_page,
    validation_to_messages,
)
from branchwork.organizations.models import Organization
from branchwork.organizations.selectors import organization_for_request

_org = organization_for_request


def _back(name: str, org: Organization, **params: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"org": org.code, **params}.items())
    return f"{reverse(name)}?{query}"


def _context(request: HttpRequest, org: Organization, tab: str) -> dict[str, object]:
    return {
        "org": org,
        "tab": tab,
        "can_manage": can(request.user, Action.ASSISTANCE_MANAGE, org),
        "can_verify": can(request.user, Action.ASSISTANCE_VERIFY, org),
        "can_personal": selectors.can_see_personal(request.user, org),
    }


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    entries = selectors.entry_list(user=request.user, organization=org, filters=request.GET)
    if request.GET.get("format") == "xlsx":
        rows = list(entries)
        record(
            actor=request.user,
            kind="export",
            model="assistance.ledgerentry",
            object_repr=f"ledger ({len(rows)} rows)",
            org_path=org.path,
        )
        return xlsx_response(
            exports.ledger_workbook(rows, selectors.can_see_personal(request.user, org)),
            exports.ledger_filename(org.code, request.GET.dict()),
        )
    return render(
        request,
        "assistance/ledger.html",
        {
            **_context(request, org, "ledger"),
            "filter": LedgerFilter(request.GET or None, queryset=entries),
            "page": paginate(request, entries),
            "totals": selectors.ledger_totals(
                user=request.user, organization=org, filters=request.GET
            ),
            "query": query_without_page(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    require(request.user, Action.ASSISTANCE_MANAGE, org)
    form = EntryForm(request.POST or None, organization=org, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_record(
                actor=request.user, organization=org, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Ledger row recorded."))
            return redirect("assistance:entry", pk=entry.pk)
    return render(
        request, "assistance/form.html", {"form": form, "org": org, "title": _("New ledger row")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk, action=Action.ASSISTANCE_MANAGE)
    form = EntryForm(request.POST or None, instance=entry, organization=entry.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(actor=request.user, entry=entry, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Ledger row saved."))
            return redirect("assistance:entry", pk=entry.pk)
    return render(
        request,
        "assistance/form.html",
        {"form": form, "org": entry.organization, "title": _("Change ledger row")},
    )


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk)
    return render(
        request,
        "assistance/entry.html",
        {
            **_context(request, entry.organization, "ledger"),
            "entry": entry,
            "reversal": getattr(entry, "reversal", None),
            "documents": entry.documents.all(),
            "reverse_form": ReverseForm(),
            "document_form": DocumentForm(),
        },
    )


@login_required
@require_POST
def entry_verify(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk, action=Action.ASSISTANCE_VERIFY)
    try:
        services.entry_verify(actor=request.user, entry=entry)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Ledger row verified."))
    return redirect("assistance:entry", pk=entry.pk)


@login_required
@require_POST
def entry_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk, action=Action.ASSISTANCE_MANAGE)
    form = ReverseForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("assistance:entry", pk=entry.pk)
    try:
        reversal = services.entry_reverse(
            actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
        return redirect("assistance:entry", pk=entry.pk)
    messages.success(request, _("Reversal recorded; record the correct row if needed."))
    return redirect("assistance:entry", pk=reversal.pk)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk, action=Action.ASSISTANCE_MANAGE)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(actor=request.user, entry=entry, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("Document attached."))
    else:
        errors_to_messages(request, form)
    return redirect("assistance:entry", pk=entry.pk)


def _file(item: object) -> FileResponse:
    response = FileResponse(
        item.file.open("rb"),  # type: ignore[attr-defined]
        filename=item.name,  # type: ignore[attr-defined]
        content_type=item.content_type,  # type: ignore[attr-defined]
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def document(request: HttpRequest, pk: int) -> FileResponse:
    """A ledger document, to those who may see its row (404 elsewhere)."""
    return _file(selectors.document_get(user=request.user, pk=pk))


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A visit photo, to those who may see assistance and to the visiting member."""
    return _file(selectors.photo_get(user=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def counties(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    designations = selectors.designation_list(user=request.user, organization=org)
    county_form = DesignationForm(prefix="county")
    village_form = VillageForm(prefix="village", organization=org)
    if request.method == "POST":
        require(request.user, Action.ASSISTANCE_MANAGE, org)
        if "county-county" in request.POST:
            county_form = DesignationForm(request.POST, prefix="county")
            if county_form.is_valid():
                try:
                    services.county_designate(
                        actor=request.user, organization=org, **county_form.cleaned_data
                    )
                except ValidationError as exc:
                    apply_errors(county_form, exc)
                else:
                    return redirect(_back("assistance:counties", org))
        else:
            village_form = VillageForm(request.POST, prefix="village", organization=org)
            if village_form.is_valid():
                data = village_form.cleaned_data
                try:
                    services.village_pair(
                        actor=request.user,
                        designation=data["designation"],
                        village=data["village_code"],
                        unit=data["unit"],
                        started_on=data["started_on"],
                    )
                except ValidationError as exc:
                    apply_errors(village_form, exc)
                else:
                    return redirect(_back("assistance:counties", org))
    return render(
        request,
        "assistance/counties.html",
        {
            **_context(request, org, "counties"),
            "designations": designations,
            "villages": selectors.village_list(user=request.user, organization=org),
            "county_form": county_form,
            "village_form": village_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    year = parse_year(request.GET.get("year"), timezone.localdate().year)
    designations = list(selectors.designation_list(user=request.user, organization=org))
    form = TargetForm(request.POST or None, organization=org, initial={"year": year})
    if request.method == "POST":
        require(request.user, Action.ASSISTANCE_MANAGE, org)
        if form.is_valid():
            try:
                services.target_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Target saved."))
                return redirect(_back("assistance:targets", org, year=form.cleaned_data["year"]))
    tables = [
        (d, selectors.indicator_rows(user=request.user, county=d, year=year)) for d in designations
    ]
    return render(
        request,
        "assistance/targets.html",
        {
            **_context(request, org, "targets"),
            "year": year,
            "tables": tables,
            "form": form,
            "statuses": IndicatorTarget.Status,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def households(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = HouseholdForm(request.POST or None, organization=org)
    if request.method == "POST":
        require(request.user, Action.ASSISTANCE_MANAGE, org)
        if form.is_valid():
            data = dict(form.cleaned_data)
            services.household_save(actor=request.user, village=data.pop("village"), data=data)
            messages.success(request, _("Household saved."))
            return redirect(_back("assistance:households", org))
    return render(
        request,
        "assistance/households.html",
        {
            **_context(request, org, "households"),
            "households": selectors.household_list(user=request.user, organization=org),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_pair(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk, action=Action.ASSISTANCE_MANAGE)
    form = PairingForm(
        request.POST or None,
        organization=household.organization,
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.household_pair(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Pairing saved."))
            return redirect(_back("assistance:households", household.organization))
    return render(
        request,
        "assistance/form.html",
        {
            "form": form,
            "org": household.organization,
            "title": _("Pair a member with %(household)s") % {"household": household},
        },
    )


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    found = selectors.visit_list(user=request.user, organization=org, filters=request.GET)
    personal = selectors.can_see_personal(request.user, org)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.visits_workbook(found, personal), f"visits-{org.code}.xlsx")
    return render(
        request,
        "assistance/visits.html",
        {
            **_context(request, org, "visits"),
            "filter": VisitFilter(request.GET or None, queryset=found),
            "page": paginate(request, found),
            "query": query_without_page(request),
        },
    )


@login_required
def my_pairings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assistance/me.html",
        {"pairings": selectors.my_pairings(user=request.user), "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit to a paired household: the paired member (from a phone) or a manager."""
    pairing = selectors.pairing_get(user=request.user, pk=pk, action=Action.ASSISTANCE_MANAGE)
    form = VisitForm(
        request.POST or None, request.FILES or None, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(actor=request.user, pairing=pairing, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            own = pairing.member.user_id == request.user.pk
            return redirect(
                "assistance:me"
                if own
                else _back("assistance:visits", pairing.household.organization)
            )
    return render(
        request,
        "assistance/visit_form.html",
        {
            "form": form,
            "pairing": pairing,
            "personal": pairing.member.user_id == request.user.pk
            or selectors.can_see_personal(request.user, pairing.household.organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    require(request.user, Action.ASSISTANCE_MANAGE, org)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = imports.read_ledger(upload.read(), org)
        if result.ok:
            count = services.entries_import(
                actor=request.user, organization=org, rows=result.rows, filename=upload.name
            )
            messages.success(request, _("%(n)d ledger rows imported.") % {"n": count})
            return redirect(_back("assistance:ledger", org))
        errors = result.errors
    return render(request, "assistance/import.html", {"form": form, "org": org, "errors": errors})


@login_required
@require_http_methods(["GET", "POST"])
def packs(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = PackForm(
        request.POST or None, organization=org, initial={"year": timezone.localdate().year - 1}
    )
    if request.method == "POST":
        require(request.user, Action.ASSISTANCE_VIEW, org)
        if form.is_valid():
            pack = services.pack_request(
                actor=request.user,
                county=form.cleaned_data["county"],
                year=form.cleaned_data["year"],
                language=translation.get_language() or "zh-hans",
            )
            return redirect("assistance:pack", pk=pack.pk)
    return render(
        request,
        "assistance/packs.html",
        {
            **_context(request, org, "packs"),
            "packs": selectors.pack_list(user=request.user, organization=org)[:20],
            "form": form,
        },
    )


@login_required
def pack(request: HttpRequest, pk: int) -> HttpResponse:
    """A pack's progress (the fragment polls itself until it is ready) and its download."""
    found = selectors.pack_get(user=request.user, pk=pk)
    template = "assistance/_pack.html" if request.htmx else "assistance/pack.html"
    return render(request, template, {"pack": found, "org": found.organization})


@login_required
def pack_download(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.pack_get(user=request.user, pk=pk)
    if not found.file:
        raise Http404
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=f"evidence-{found.county.county.code}-{found.year}.zip",
        content_type="application/zip",
    )
