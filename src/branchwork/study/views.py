from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.uploads import check_size
from branchwork.core.utils import apply_errors, paginate, parse_year, validation_to_messages
from branchwork.organizations.models import Organization
from branchwork.organizations.selectors import organization_for_request
from branchwork.study import exports, imports, rules, selectors, services
from branchwork.study.filters import StudyRecordFilter
from branchwork.study.forms import (
    ImportForm,
    MaterialForm,
    PlanForm,
    PlanItemForm,
    RecordForm,
    SessionForm,
)


def _year(request: HttpRequest) -> int:
    return parse_year(request.GET.get("year"), timezone.localdate().year)


def _filtered(request: HttpRequest, org: Organization, year: int) -> StudyRecordFilter:
    """The ledger's filter for the page and the export: the query's form, member and words,
    always one year."""
    data = request.GET.copy()
    data["year"] = str(year)
    return StudyRecordFilter(
        data, queryset=selectors.record_list(user=request.user, organization=org)
    )


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STUDY_VIEW, org)
    year = _year(request)
    today = timezone.localdate()
    rows = selectors.progress_list(user=request.user, organization=org, year=year, today=today)
    return render(
        request,
        "study/progress.html",
        {
            "org": org,
            "year": year,
            "rows": rows,
            "behind": [r for r in rows if r.progress.warn],
            "met": sum(1 for r in rows if r.progress.status == rules.Status.MET),
            "sources": [rules.SRC_HOURS, rules.SRC_CENTRALISED, rules.SRC_UNITS],
            "can_manage": can(request.user, Action.STUDY_MANAGE, org),
            "tab": "progress",
        },
    )


@login_required
def my_study(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    member = selectors.own_member(user=request.user)
    context: dict[str, Any] = {"member": member, "year": year}
    if member is not None:
        context.update(
            mine=selectors.my_progress(user=request.user, year=year),
            records=list(selectors.my_records(user=request.user, year=year)),
            materials=selectors.my_materials(user=request.user),
            plan=selectors.my_plan(user=request.user, year=year),
        )
    return render(request, "study/me.html", context)


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STUDY_VIEW, org)
    year = _year(request)
    filterset = _filtered(request, org, year)
    form, member, q = filterset.value("form"), filterset.value("member"), filterset.value("q")
    return render(
        request,
        "study/records.html",
        {
            "org": org,
            "year": year,
            "page": paginate(request, filterset.qs),
            "query": f"org={org.code}&year={year}&form={form}&member={member}&q={q}",
            "forms": rules.Form.choices,
            "form_value": form,
            "q": q,
            "member_value": member,
            "can_manage": can(request.user, Action.STUDY_MANAGE, org),
            "tab": "records",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STUDY_MANAGE, org)
    members = selectors.members_for_study(user=request.user, organization=org)
    form = RecordForm(
        request.POST or None,
        request.FILES or None,
        members=members,
        initial={"date": timezone.localdate(), "unit": rules.Unit.CLASS_HOUR},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = next(m for m in members if m.pk == data["member"])
        try:
            hours = rules.to_hours(
                data["quantity"], data["unit"], selectors.study_settings().unit_hours
            )
            if data["evidence"] is not None:
                check_size(data["evidence"].size)
            record = services.record_save(
                actor=request.user,
                member=member,
                data={
                    "date": data["date"],
                    "topic": data["topic"],
                    "form": data["form"],
                    "hours": hours,
                    "organizer": data["organizer"],
                    "note": data["note"],
                },
            )
            if data["evidence"] is not None:
                services.evidence_add(actor=request.user, record=record, upload=data["evidence"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(hours)s hours recorded for %(name)s.")
                % {"hours": rules.plain_hours(hours), "name": member.name},
            )
            return redirect("study:record", pk=record.pk)
    return render(request, "study/record_form.html", {"form": form, "org": org})


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_get(user=request.user, pk=pk)
    org = record.member.organization
    can_manage = can(request.user, Action.STUDY_MANAGE, org)
    return render(
        request,
        "study/record_detail.html",
        {
            "record": record,
            "evidence": record.evidence.all(),
            "can_manage": can_manage,
            "can_view": can(request.user, Action.STUDY_VIEW, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an individual record (date, topic, form, hours); a session's records change
    with their session, so they are refused here."""
    record = selectors.record_get(user=request.user, pk=pk, action=Action.STUDY_MANAGE)
    if record.session_id:
        messages.error(request, _("This record belongs to a collective session."))
        return redirect("study:record", pk=record.pk)
    member = record.member
    form = RecordForm(
        request.POST or None,
        members=[member],
        initial={
            "member": member.pk,
            "date": record.date,
            "topic": record.topic,
            "form": record.form,
            "quantity": record.hours,
            "unit": rules.Unit.CLASS_HOUR,
            "organizer": record.organizer,
            "note": record.note,
        },
    )
    del form.fields["evidence"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_save(
                actor=request.user,
                member=member,
                record=record,
                data={
                    "date": data["date"],
                    "topic": data["topic"],
                    "form": data["form"],
                    "hours": rules.to_hours(
                        data["quantity"], data["unit"], selectors.study_settings().unit_hours
                    ),
                    "organizer": data["organizer"],
                    "note": data["note"],
                },
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Study record saved."))
            return redirect("study:record", pk=record.pk)
    return render(
        request,
        "study/record_form.html",
        {"form": form, "org": member.organization, "record": record},
    )


@login_required
@require_POST
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_get(user=request.user, pk=pk, action=Action.STUDY_MANAGE)
    org = record.member.organization
    if record.session_id:
        messages.error(request, _("This record belongs to a collective session."))
        return redirect("study:record", pk=record.pk)
    services.record_delete(actor=request.user, record=record)
    messages.success(request, _("Study record deleted."))
    return redirect(f"{reverse('study:records')}?org={org.code}")


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_get(user=request.user, pk=pk, action=Action.STUDY_MANAGE)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            services.evidence_add(actor=request.user, record=record, upload=upload)
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("File attached."))
    return redirect("study:record", pk=record.pk)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=not evidence.content_type.startswith("image/"),
        filename=evidence.name,
        content_type=evidence.content_type,
    )


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STUDY_VIEW, org)
    year = _year(request)
    sessions = selectors.session_list(user=request.user, organization=org).filter(date__year=year)
    return render(
        request,
        "study/sessions.html",
        {
            "org": org,
            "year": year,
            "page": paginate(request, sessions),
            "can_manage": can(request.user, Action.STUDY_MANAGE, org),
            "tab": "sessions",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STUDY_MANAGE, org)
    today = timezone.localdate()
    meetings = selectors.session_meetings(user=request.user, organization=org, year=today.year)
    members = selectors.members_for_study(user=request.user, organization=org)
    initial = {"date": today, "unit": rules.Unit.CLASS_HOUR, "quantity": 2}
    if request.GET.get("meeting"):
        chosen = next((m for m in meetings if str(m.pk) == request.GET["meeting"]), None)
        if chosen is not None:
            initial.update(meeting=chosen.pk, date=chosen.date, topic=chosen.topic)
    form = SessionForm(request.POST or None, meetings=meetings, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = next((m for m in meetings if m.pk == data["meeting"]), None)
        try:
            session = services.session_record(
                actor=request.user,
                organization=org,
                date=data["date"],
                topic=data["topic"],
                hours=rules.to_hours(
                    data["quantity"], data["unit"], selectors.study_settings().unit_hours
                ),
                meeting=meeting,
                members=[m for m in members if m.pk in set(data["members"])],
                lecturer=data["lecturer"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Session recorded: %(n)d members' hours added.") % {"n": session.records.count()},
            )
            return redirect(f"{reverse('study:sessions')}?org={org.code}&year={session.date.year}")
    return render(request, "study/session_form.html", {"form": form, "org": org})


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STUDY_VIEW, org)
    year = _year(request)
    can_manage = can(request.user, Action.STUDY_MANAGE, org)
    materials = list(selectors.material_list(user=request.user, organization=org))
    current = selectors.plan_for(user=request.user, organization=org, year=year)
    plan_form = PlanForm(
        request.POST if "save_plan" in request.POST else None,
        initial={"title": current.title, "note": current.note}
        if current
        else {"title": _("Study plan %(year)s") % {"year": year}},
    )
    item_form = PlanItemForm(
        request.POST if "add_item" in request.POST else None, materials=materials
    )
    if request.method == "POST":
        require(request.user, Action.STUDY_MANAGE, org)
        if "save_plan" in request.POST and plan_form.is_valid():
            services.plan_save(
                actor=request.user, organization=org, year=year, **plan_form.cleaned_data
            )
            messages.success(request, _("Plan saved."))
            return redirect(f"{reverse('study:plan')}?org={org.code}&year={year}")
        if "add_item" in request.POST and item_form.is_valid():
            data = item_form.cleaned_data
            target = current or services.plan_save(
                actor=request.user,
                organization=org,
                year=year,
                title=_("Study plan %(year)s") % {"year": year},
            )
            try:
                services.plan_item_add(
                    actor=request.user,
                    plan=target,
                    month=data["month"],
                    topic=data["topic"],
                    note=data["note"],
                    materials=[m for m in materials if m.pk in set(data["materials"])],
                )
            except ValidationError as exc:
                apply_errors(item_form, exc)
            else:
                messages.success(request, _("Topic added."))
                return redirect(f"{reverse('study:plan')}?org={org.code}&year={year}")
    return render(
        request,
        "study/plan.html",
        {
            "org": org,
            "year": year,
            "plan": current,
            "plan_form": plan_form,
            "item_form": item_form,
            "can_manage": can_manage,
            "tab": "plan",
        },
    )


@login_required
@require_POST
def plan_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.plan_item_get(user=request.user, pk=pk)
    org, year = item.plan.organization, item.plan.year
    services.plan_item_delete(actor=request.user, item=item)
    messages.success(request, _("Topic removed."))
    return redirect(f"{reverse('study:plan')}?org={org.code}&year={year}")


@login_required
@require_http_methods(["GET", "POST"])
def materials(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STUDY_VIEW, org)
    can_manage = can(request.user, Action.STUDY_MANAGE, org)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(request.user, Action.STUDY_MANAGE, org)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.material_add(
                    actor=request.user,
                    organization=org,
                    topic=data["topic"],
                    title=data["title"],
                    url=data["url"],
                    upload=data["file"],
                    note=data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Material added to the library."))
                return redirect(f"{reverse('study:materials')}?org={org.code}")
    items = list(selectors.material_list(user=request.user, organization=org))
    topics: dict[str, list] = {}
    for material in items:
        topics.setdefault(material.topic, []).append(material)
    return render(
        request,
        "study/materials.html",
        {"org": org, "topics": topics, "form": form, "can_manage": can_manage, "tab": "materials"},
    )


@login_required
def material_detail(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_get(user=request.user, pk=pk)
    readers = (
        selectors.material_readers(user=request.user, material=material)
        if can(request.user, Action.STUDY_VIEW, material.organization)
        else None
    )
    member = selectors.own_member(user=request.user)
    read_by_me = member is not None and material.reads.filter(member=member).exists()
    return render(
        request,
        "study/material_detail.html",
        {"material": material, "readers": readers, "member": member, "read_by_me": read_by_me},
    )


@login_required
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    material = selectors.material_get(user=request.user, pk=pk)
    if not material.file:
        raise Http404
    return FileResponse(
        material.file.open("rb"),
        as_attachment=not material.content_type.startswith("image/"),
        filename=material.file_name,
        content_type=material.content_type,
    )


@login_required
@require_POST
def material_read(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed-in member marks a material of their library as read."""
    material = selectors.material_get(user=request.user, pk=pk)
    member = selectors.own_member(user=request.user)
    if member is None:
        raise Http404
    allowed = {member.organization.path, *member.organization.ancestor_paths()}
    if material.organization.path not in allowed:
        raise Http404
    services.material_mark_read(actor=request.user, material=material, member=member)
    messages.success(request, _("Marked as read."))
    return redirect("study:material", pk=material.pk)


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STUDY_VIEW, org)
    year = _year(request)
    records = list(_filtered(request, org, year).qs.select_related("session__meeting"))
    rows = selectors.progress_list(user=request.user, organization=org, year=year)
    return xlsx_response(
        exports.ledger_workbook(records, rows, year), f"study-{org.code}-{year}.xlsx"
    )


@login_required
@require_http_methods(["GET", "POST"])
def records_import(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STUDY_MANAGE, org)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            result = imports.read_records(
                user=request.user,
                organization=org,
                data=upload.read(),
                unit_hours=selectors.study_settings().unit_hours,
            )
            errors = result.errors
            if not errors:
                try:
                    count = services.records_import(
                        actor=request.user, organization=org, rows=result.rows
                    )
                except services.ImportRejected as exc:
                    errors = exc.errors
                else:
                    messages.success(request, _("%(n)d study records imported.") % {"n": count})
                    return redirect(f"{reverse('study:records')}?org={org.code}")
    return render(request, "study/import.html", {"form": form, "org": org, "errors": errors})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(imports.template_bytes(), "study-records-template.xlsx")
