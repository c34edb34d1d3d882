"""iCalendar (RFC 5545) feed of the meetings a user is expected at."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from branchwork.core.text import strip_control
from branchwork.development.ical import deadline_events
from branchwork.meetings.models import Meeting
from branchwork.meetings.rules import Kind, ical_window


def meetings_for(user: Any) -> list[Meeting]:
    """The meetings ``user`` (through their member record) is expected at, not cancelled,
    within ``rules.ical_window`` of today: their branch's (except committee meetings), their
    party group's, and any where they are on the attendance list. A user without a member
    record has none. The feed's owner reads their own meetings: no role grant is needed."""
    member = getattr(user, "member", None)
    if member is None:
        return []
    since, until = ical_window(timezone.localdate())
    condition = Q(organization=member.organization) & ~Q(kind=Kind.COMMITTEE_MEETING)
    if member.party_group_id:
        condition |= Q(organization_id=member.party_group_id)
    condition |= Q(attendance__member=member)
    return list(
        Meeting.objects.filter(condition, date__gte=since, date__lte=until)
        .exclude(state=Meeting.State.CANCELLED)
        .select_related("organization")
        .distinct()
        .order_by("date")
    )


# How long a meeting with a start time lasts in the feed (the records keep no end time).
MEETING_DURATION = dt.timedelta(hours=2)


def feed_for(user: Any, host: str) -> bytes:
    """The iCalendar file (RFC 5545) of ``meetings_for(user)``, written with the ``icalendar``
    library (escaping, folding, CRLF). Timed meetings carry ``TZID`` with a VTIMEZONE for the
    installation's time zone, so calendar programs place them at the right hour; meetings
    without a time are all-day events. ``host`` makes the event UIDs unique."""
    zone = ZoneInfo(timezone.get_current_timezone_name())
    calendar = Calendar()
    calendar.add("prodid", "-//Branchwork//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Branchwork")
    stamp = timezone.now().astimezone(dt.UTC)
    for meeting in meetings_for(user):
        title = f"{meeting.get_kind_display()}: {meeting.topic or meeting.organization.name}"
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        if meeting.start_time:
            start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + MEETING_DURATION)
        else:
            event.add("dtstart", meeting.date)
        event.add("summary", strip_control(str(title)))
        if meeting.place:
            event.add("location", strip_control(meeting.place))
        event.add("status", "CONFIRMED" if meeting.state == "held" else "TENTATIVE")
        calendar.add_component(event)
    for event in deadline_events(user, host, stamp):
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
