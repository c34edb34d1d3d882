from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import errors_to_messages, parse_year, validation_to_messages
from branchwork.organizations.models import Organization
from branchwork.organizations.selectors import organization_for_request
from branchwork.standards import exports, rules, selectors, services
from branchwork.standards.filters import InspectionFilter
from branchwork.standards.forms import (
    CorrectionForm,
    EvidenceForm,
    ItemForm,
    MarksForm,
    PhotoForm,
    ProjectForm,
    RoundForm,
    ScoreForm,
    SignOffForm,
    TaskForm,
)
from branchwork.standards.models import BranchInspection, ChecklistTemplate, UpgradeProject
from branchwork.standards.rules import Side


def _year(request: HttpRequest) -> int:
    return parse_year(request.GET.get("year"), timezone.localdate().year)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STANDARDS_VIEW, org)
    context: dict = {"org": org, "year": timezone.localdate().year}
    if org.org_type == "committee":
        context["rounds"] = selectors.round_list(user=request.user, organization=org)
        context["may_open"] = can(request.user, Action.INSPECTION_RECORD, org)
        context["may_edit"] = selectors.may_edit_templates(request.user, org)
        context["templates"] = [
            t for t in selectors.template_list(user=request.user) if t.organization_id == org.pk
        ]
        context["branches"] = (
            Organization.objects.visible_to(request.user, Action.STANDARDS_VIEW)
            .in_subtree(org)
            .filter(org_type="branch")
            .order_by("path")
        )
    else:
        context["history"] = selectors.branch_history(user=request.user, organization=org)
    context["projects"] = selectors.project_list(user=request.user, organization=org)
    context["can_manage"] = can(request.user, Action.STANDARDS_MANAGE, org)
    return render(request, "standards/index.html", context)


# --- Checklist templates -------------------------------------------------------------------


@login_required
@require_POST
def template_install(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STANDARDS_VIEW, org)
    if not selectors.may_edit_templates(request.user, org):
        raise PermissionDenied
    template = services.template_install_default(actor=request.user, organization=org)
    messages.success(request, _("The default checklist was added. Check it before use."))
    return redirect("standards:template", pk=template.pk)


def _editable(request: HttpRequest, template: ChecklistTemplate) -> bool:
    return selectors.may_edit_templates(request.user, template.organization)


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.template_get(user=request.user, pk=pk)
    may_edit = _editable(request, template)
    locked = template.rounds.exists()
    categories = selectors.template_categories(template)
    return render(
        request,
        "standards/template.html",
        {
            "template": template,
            "org": template.organization,
            "categories": categories,
            "may_edit": may_edit and not locked,
            "may_copy": may_edit,
            "locked": locked,
            "item_form": ItemForm(),
            "marks_form": MarksForm(
                initial={
                    "pass_mark": template.pass_mark,
                    "demonstration_mark": template.demonstration_mark,
                    "verification": template.verification,
                    "verification_note": template.verification_note,
                }
            ),
            "maximum": sum(i.points for c in categories for i in c.items.all()),
        },
    )


@login_required
@require_POST
def template_copy(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.template_get(user=request.user, pk=pk)
    if not _editable(request, template):
        raise PermissionDenied
    copy = services.template_copy(
        actor=request.user,
        template=template,
        organization=template.organization,
        name=request.POST.get("name", ""),
    )
    messages.success(request, _("Copied as version %(v)s.") % {"v": copy.version})
    return redirect("standards:template", pk=copy.pk)


@login_required
@require_POST
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an unlocked checklist: its marks (``marks`` in the form), an item (``item`` id),
    a new item (no id) or an item's removal (``delete``)."""
    template = selectors.template_get(user=request.user, pk=pk)
    if not _editable(request, template):
        raise PermissionDenied
    try:
        if "marks" in request.POST:
            form = MarksForm(request.POST)
            if form.is_valid():
                services.template_marks_save(
                    actor=request.user, template=template, **form.cleaned_data
                )
                messages.success(request, _("Saved."))
            else:
                errors_to_messages(request, form)
        elif "delete" in request.POST:
            item = selectors.item_get(template=template, pk=int(request.POST["delete"]))
            services.template_item_delete(actor=request.user, template=template, item=item)
            messages.success(request, _("Item removed."))
        else:
            item_form = ItemForm(request.POST)
            raw_id = request.POST.get("item", "")
            edited = (
                selectors.item_get(template=template, pk=int(raw_id)) if raw_id.isdigit() else None
            )
            if item_form.is_valid():
                services.template_item_save(
                    actor=request.user, template=template, data=item_form.cleaned_data, item=edited
                )
                messages.success(request, _("Saved."))
            else:
                errors_to_messages(request, item_form)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    return redirect("standards:template", pk=template.pk)


# --- Rounds and the roll-up ----------------------------------------------------------------


@login_required
@require_POST
def round_open(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.INSPECTION_RECORD, org)
    branches = list(
        Organization.objects.visible_to(request.user, Action.STANDARDS_VIEW)
        .in_subtree(org)
        .filter(org_type="branch")
        .order_by("path")
    )
    form = RoundForm(request.POST)
    form.fields["branches"].choices = [(b.code, b.name) for b in branches]  # type: ignore[attr-defined]
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect(f"{reverse('standards:index')}?org={org.code}")
    chosen = set(form.cleaned_data["branches"])
    template = selectors.template_get(user=request.user, pk=form.cleaned_data["template"])
    try:
        round_ = services.round_open(
            actor=request.user,
            organization=org,
            year=form.cleaned_data["year"],
            template=template,
            branches=[b for b in branches if b.code in chosen] if chosen else branches,
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
        return redirect(f"{reverse('standards:index')}?org={org.code}")
    messages.success(request, _("The round is open."))
    return redirect(f"{reverse('standards:rollup')}?org={org.code}&year={round_.year}")


def _rollup_rows(request: HttpRequest, org: Organization, year: int) -> tuple[list, str, str]:
    filterset = InspectionFilter(
        request.GET, queryset=selectors.inspection_list(user=request.user, organization=org)
    )
    result = filterset.value("result")
    rows = selectors.rollup(user=request.user, organization=org, year=year)
    if result == "open":
        rows = [r for r in rows if r.inspection and not r.inspection.signed_off]
    elif result:
        rows = [r for r in rows if r.result == result]
    sort = request.GET.get("sort", "")
    sort = sort if sort in selectors.SORTS else ""
    return selectors.sort_rollup(rows, sort), sort, result


@login_required
def rollup(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STANDARDS_VIEW, org)
    year = _year(request)
    rows, sort, result = _rollup_rows(request, org, year)
    return render(
        request,
        "standards/rollup.html",
        {
            "org": org,
            "year": year,
            "rows": rows,
            "sort": sort,
            "result": result,
            "results": rules.Result.choices,
            "sorts": selectors.SORTS,
        },
    )


@login_required
def rollup_export(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STANDARDS_VIEW, org)
    year = _year(request)
    rows, _sort, _result = _rollup_rows(request, org, year)
    return xlsx_response(exports.rollup_workbook(rows, year), f"standards-{org.code}-{year}.xlsx")


# --- A branch's inspection -----------------------------------------------------------------


def _sides(request: HttpRequest, inspection: BranchInspection) -> set[str]:
    sides: set[str] = set()
    if can(request.user, Action.STANDARDS_MANAGE, inspection.branch):
        sides.add(Side.SELF)
    if selectors.may_inspect(request.user, inspection.branch):
        sides.add(Side.INSPECTOR)
    return sides


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    sheet = selectors.inspection_sheet(user=request.user, inspection=inspection)
    sides = _sides(request, inspection)
    return render(
        request,
        "standards/inspection.html",
        {
            "inspection": inspection,
            "org": inspection.branch,
            "sheet": sheet,
            "template": inspection.round.template,
            "score_self": Side.SELF in sides and not inspection.signed_off,
            "score_inspector": Side.INSPECTOR in sides and not inspection.signed_off,
            "may_correct": Side.INSPECTOR in sides and inspection.signed_off,
            "signoff_form": SignOffForm(
                initial={"result": sheet.suggested, "result_on": timezone.localdate()}
            ),
        },
    )


def _back(inspection: BranchInspection, item: int | None = None) -> HttpResponse:
    url = reverse("standards:inspection", kwargs={"pk": inspection.pk})
    return redirect(f"{url}#item-{item}" if item else url)


@login_required
@require_POST
def inspection_score(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    form = ScoreForm(request.POST)
    side = request.POST.get("side", "")
    if side not in _sides(request, inspection) or side not in Side.values:
        raise PermissionDenied
    if not form.is_valid():
        errors_to_messages(request, form)
        return _back(inspection)
    try:
        services.score_record(
            actor=request.user,
            inspection=inspection,
            item_id=form.cleaned_data["item"],
            side=side,
            points=form.cleaned_data["points"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Score saved."))
    return _back(inspection, form.cleaned_data["item"])


@login_required
@require_POST
def inspection_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    if not selectors.may_inspect(request.user, inspection.branch):
        raise PermissionDenied
    form = SignOffForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return _back(inspection)
    try:
        services.inspection_sign_off(actor=request.user, inspection=inspection, **form.cleaned_data)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("The result is signed off."))
    return _back(inspection)


@login_required
@require_POST
def inspection_correct(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    if not selectors.may_inspect(request.user, inspection.branch):
        raise PermissionDenied
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return _back(inspection)
    try:
        services.score_correct(
            actor=request.user,
            inspection=inspection,
            item_id=form.cleaned_data["item"],
            points=form.cleaned_data["points"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("The correction is recorded."))
    return _back(inspection, form.cleaned_data["item"])


@login_required
@require_POST
def inspection_upload(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    require(request.user, Action.STANDARDS_MANAGE, inspection.branch)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return _back(inspection)
    try:
        services.evidence_add(
            actor=request.user,
            inspection=inspection,
            item_id=form.cleaned_data["item"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("File attached."))
    return _back(inspection, form.cleaned_data["item"])


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    stored = selectors.evidence_file_get(user=request.user, pk=pk)
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=not stored.content_type.startswith("image/"),
        filename=stored.name,
        content_type=stored.content_type,
    )


# --- Upgrade projects ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.STANDARDS_MANAGE, org)
    form = ProjectForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_save(
                actor=request.user, organization=org, data=form.cleaned_data
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            return redirect("standards:project", pk=project.pk)
    return render(request, "standards/project_form.html", {"org": org, "form": form})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    photos = list(project.photos.all())
    return render(
        request,
        "standards/project.html",
        {
            "project": project,
            "org": project.organization,
            "tasks": list(project.tasks.all()),
            "before": [p for p in photos if p.phase == "before"],
            "after": [p for p in photos if p.phase == "after"],
            "can_manage": can(request.user, Action.STANDARDS_MANAGE, project.organization),
            "task_form": TaskForm(),
            "photo_form": PhotoForm(),
            "today": timezone.localdate(),
            "statuses": UpgradeProject.Status.choices,
        },
    )


@login_required
@require_POST
def project_task(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk, action=Action.STANDARDS_MANAGE)
    form = TaskForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("standards:project", pk=project.pk)
    data = dict(form.cleaned_data)
    task_id = data.pop("task")
    task = project.tasks.filter(pk=task_id).first() if task_id else None
    if task_id and task is None:
        raise Http404
    try:
        services.task_save(actor=request.user, project=project, data=data, task=task)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Task saved."))
    return redirect("standards:project", pk=project.pk)


@login_required
@require_POST
def project_status(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk, action=Action.STANDARDS_MANAGE)
    status = request.POST.get("status", "")
    if status not in UpgradeProject.Status.values:
        messages.error(request, _("Choose a status."))
    else:
        services.project_save(
            actor=request.user,
            organization=project.organization,
            data={"status": status},
            project=project,
        )
        messages.success(request, _("Saved."))
    return redirect("standards:project", pk=project.pk)


@login_required
@require_POST
def project_photo(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk, action=Action.STANDARDS_MANAGE)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("standards:project", pk=project.pk)
    try:
        services.photo_add(
            actor=request.user,
            project=project,
            phase=form.cleaned_data["phase"],
            caption=form.cleaned_data["caption"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Photo added."))
    return redirect("standards:project", pk=project.pk)


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    stored = selectors.photo_get(user=request.user, pk=pk)
    if request.GET.get("size") == "thumb" and stored.thumbnail:
        return FileResponse(stored.thumbnail.open("rb"), content_type="image/jpeg")
    return FileResponse(
        stored.file.open("rb"), filename=stored.name, content_type=stored.content_type
    )
