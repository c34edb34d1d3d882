"""iCalendar (RFC 5545) feed of the meetings a user is expected at."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from branchwork.meetings.models import Meeting
from branchwork.meetings.rules import Kind, ical_window


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 §3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


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


def feed_for(user: Any, host: str) -> str:
    """The iCalendar text (RFC 5545, CRLF lines) of ``meetings_for(user)``; ``host`` makes the
    event UIDs unique."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Branchwork//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Branchwork",
    ]
    for meeting in meetings_for(user):
        title = f"{meeting.get_kind_display()}: {meeting.topic or meeting.organization.name}"
        lines += ["BEGIN:VEVENT", f"UID:meeting-{meeting.pk}@{host}", f"DTSTAMP:{stamp}"]
        if meeting.start_time:
            start = dt.datetime.combine(meeting.date, meeting.start_time)
            lines.append(
                f"DTSTART;TZID={timezone.get_current_timezone_name()}:{start:%Y%m%dT%H%M%S}"
            )
            lines.append("DURATION:PT2H")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}")
        lines.append(f"SUMMARY:{_escape(str(title))}")
        if meeting.place:
            lines.append(f"LOCATION:{_escape(meeting.place)}")
        lines.append(f"STATUS:{'CONFIRMED' if meeting.state == 'held' else 'TENTATIVE'}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
