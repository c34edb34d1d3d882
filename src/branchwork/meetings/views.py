from __future__ import annotations

import calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import (
    apply_errors,
    errors_to_messages,
    paginate,
    parse_month,
    parse_year,
    validation_to_messages,
)
from branchwork.meetings import exports, ical, rules, selectors, services
from branchwork.meetings.filters import MeetingFilter
from branchwork.meetings.forms import GRADE_CHOICES, AttachmentForm, MeetingForm, PlanForm, VoteForm
from branchwork.meetings.models import Attendance, Meeting
from branchwork.organizations.models import Organization
from branchwork.organizations.selectors import organization_for_request

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(request: HttpRequest) -> int:
    return parse_year(request.GET.get("year"), timezone.localdate().year)


def _filtered(request: HttpRequest, organization: Organization, year: int) -> MeetingFilter:
    """The page's and the export's filter: the query's kind and state, always one year."""
    data = request.GET.copy()
    data["year"] = str(year)
    return MeetingFilter(
        data, queryset=selectors.meeting_list(user=request.user, organization=organization)
    )


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.MEETING_VIEW, org)
    year = _year(request)
    filterset = _filtered(request, org, year)
    kind, state = filterset.value("kind"), filterset.value("state")
    return render(
        request,
        "meetings/list.html",
        {
            "org": org,
            "year": year,
            "page": paginate(request, filterset.qs),
            "query": f"org={org.code}&year={year}&kind={kind}&state={state}",
            "kinds": rules.Kind.choices,
            "states": Meeting.State.choices,
            "kind": kind,
            "state": state,
            "can_manage": can(request.user, Action.MEETING_MANAGE, org),
            "plan_form": PlanForm(initial={"year": year}),
        },
    )


@login_required
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.MEETING_VIEW, org)
    today = timezone.localdate()
    month = parse_month(request.GET.get("month"), today)
    last = dt.date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
    meetings = selectors.meeting_list(user=request.user, organization=org).filter(
        date__gte=month, date__lte=last
    )
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(meeting.date, []).append(meeting)
    weeks = [
        [(day, by_day.get(day, []), day.month == month.month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "meetings/calendar.html",
        {
            "org": org,
            "month": month,
            "weeks": weeks,
            "days": sorted(by_day.items()),
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "today": today,
            "weekday_names": [WEEKDAYS_ABBR[i] for i in range(7)],
        },
    )


@login_required
@require_POST
def meeting_plan(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.MEETING_MANAGE, org)
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Give a year between %(min)d and %(max)d.") % {"min": YEAR_MIN, "max": YEAR_MAX},
        )
        return redirect(f"{reverse('meetings:list')}?org={org.code}")
    year = form.cleaned_data["year"]
    created = services.plan_year(actor=request.user, organization=org, year=year)
    messages.success(
        request, _("%(n)d meetings planned for %(year)d.") % {"n": created, "year": year}
    )
    return redirect(f"{reverse('meetings:list')}?org={org.code}&year={year}&state=planned")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        org = organization_for_request(request)
        require(request.user, Action.MEETING_MANAGE, org)
        meeting = None
    else:
        meeting = selectors.meeting_get(user=request.user, pk=pk, action=Action.MEETING_MANAGE)
        org = meeting.organization
    # Defaults for a new meeting only: an edit form shows the stored values and nothing else.
    initial: dict[str, object] = {}
    if meeting is None:
        initial = {"date": timezone.localdate(), "state": Meeting.State.HELD}
        if org.org_type == "party_group":
            initial["kind"] = rules.Kind.GROUP_MEETING
    form = MeetingForm(
        request.POST or None, instance=meeting, org_type=org.org_type, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_save(
                actor=request.user, organization=org, data=form.cleaned_data, meeting=meeting
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if saved.state == Meeting.State.HELD and not saved.attendance.exists():
                services.attendance_fill(actor=request.user, meeting=saved)
            messages.success(request, _("Meeting saved."))
            return redirect("meetings:detail", pk=saved.pk)
    return render(request, "meetings/form.html", {"form": form, "org": org, "meeting": meeting})


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    attendance = list(meeting.attendance.select_related("member").order_by("member__name_pinyin"))
    can_manage = can(request.user, Action.MEETING_MANAGE, meeting.organization)
    vote_form = VoteForm() if can_manage and rules.Kind.GENERAL_MEETING in meeting.kinds else None
    entitled = present = None
    if vote_form is not None:
        entitled, present = selectors.vote_counts(meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "presence_choices": Attendance.Presence.choices,
            "counts": {
                p: sum(1 for a in attendance if a.presence == p) for p in Attendance.Presence.values
            },
            "votes": meeting.votes.all(),
            "attachments": meeting.attachments.all(),
            "can_manage": can_manage,
            "vote_form": vote_form,
            "entitled": entitled,
            "present_entitled": present,
            "attachment_form": AttachmentForm() if can_manage else None,
        },
    )


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk, action=Action.MEETING_MANAGE)
    if "fill" in request.POST:
        added = services.attendance_fill(actor=request.user, meeting=meeting)
        messages.success(request, _("%(n)d expected attendees added.") % {"n": added})
        return redirect("meetings:detail", pk=meeting.pk)
    marks = {}
    for row in meeting.attendance.all():
        presence = request.POST.get(f"presence-{row.member_id}")
        if presence in Attendance.Presence.values:
            marks[row.member_id] = (presence, request.POST.get(f"reason-{row.member_id}", ""))
    try:
        services.attendance_set(actor=request.user, meeting=meeting, marks=marks)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Attendance saved."))
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_vote(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk, action=Action.MEETING_MANAGE)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            vote = services.vote_record(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            (messages.success if vote.passed else messages.warning)(request, vote.verdict)
    else:
        errors_to_messages(request, form)
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_attach(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk, action=Action.MEETING_MANAGE)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user, meeting=meeting, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("File attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.content_type.startswith("image/"),
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    response = HttpResponse(exports.minutes_docx(meeting), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="minutes-{meeting.organization.code}-{meeting.date}.docx"'
    )
    return response


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.MEETING_VIEW, org)
    year = _year(request)
    rollup = selectors.compliance_rollup(user=request.user, organization=org, year=year)
    sort = request.GET.get("sort", "")
    if sort == "missed":
        rollup.sort(key=lambda e: (-e.missed, e.org.path))
    elif sort == "name":
        rollup.sort(key=lambda e: e.org.name)
    return render(
        request,
        "meetings/compliance.html",
        {
            "org": org,
            "year": year,
            "rollup": rollup,
            "kinds": [str(rules.Kind(k).label) for k in selectors.active_rules()],
            "sort": sort,
        },
    )


@login_required
def year_export(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.MEETING_VIEW, org)
    year = _year(request)
    meetings = list(_filtered(request, org, year).qs)
    rollup = selectors.compliance_rollup(user=request.user, organization=org, year=year)
    content = exports.year_workbook(meetings, rollup, year)
    return xlsx_response(content, f"meetings-{org.code}-{year}.xlsx")


@login_required
def attendance_report(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    # Attendance per member is member data: member.view (which every role with it pairs
    # with meeting.view).
    require(request.user, Action.MEMBER_VIEW, org)
    year = _year(request)
    report = selectors.attendance_report(user=request.user, organization=org, year=year)
    return render(
        request,
        "meetings/attendance.html",
        {"org": org, "year": year, "report": report, "flagged": [r for r in report if r.flag]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def appraisal(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.MEMBER_VIEW, org)  # grades are member data
    year = _year(request)
    members = selectors.appraisal_roster(user=request.user, organization=org)
    if request.method == "POST":
        require(request.user, Action.MEETING_MANAGE, org)
        grades = {m.pk: request.POST.get(f"grade-{m.pk}", "") for m in members}
        try:
            warnings = services.appraisal_record(
                actor=request.user, organization=org, year=year, grades=grades
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("Appraisal saved."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect(f"{reverse('meetings:appraisal')}?org={org.code}&year={year}")
    current = selectors.appraisal_grades(user=request.user, organization=org, year=year)
    rows = [(m, current.get(m.pk, "")) for m in members]
    grades = [g for g in current.values() if g]
    return render(
        request,
        "meetings/appraisal.html",
        {
            "org": org,
            "year": year,
            "rows": rows,
            "grade_choices": GRADE_CHOICES,
            "warnings": rules.appraisal_warnings(grades),
            "can_manage": can(request.user, Action.MEETING_MANAGE, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_rotate(actor=request.user)
        messages.success(request, _("A new calendar address was made; the old one stops working."))
        return redirect("meetings:feed")
    feed = selectors.calendar_feed_of(user=request.user)
    url = (
        request.build_absolute_uri(reverse("meetings:ical", kwargs={"token": feed.token}))
        if feed
        else None
    )
    return render(request, "meetings/feed.html", {"url": url})


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret-address feed: no sign-in (calendar programs cannot), the token is the key."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    body = ical.feed_for(feed.user, request.get_host())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
