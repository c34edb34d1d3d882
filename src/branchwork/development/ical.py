"""The pipeline's deadlines as all-day events of the iCalendar feed (``meetings.ical``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from branchwork.core.text import strip_control
from branchwork.development.selectors import calendar_deadlines
from branchwork.meetings.rules import ical_window


def deadline_events(user: Any, host: str, stamp: dt.datetime) -> list[Event]:
    """One all-day event per active person whose next step has a last allowed date within the
    feed's window, for a user who may manage development there (none otherwise)."""
    since, until = ical_window(timezone.localdate())
    events = []
    for deadline in calendar_deadlines(user, since, until):
        step = deadline.step
        assert step.latest is not None
        event = Event()
        event.add("uid", f"development-{deadline.person.pk}-{step.number}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", step.latest)
        summary = _("Last day: %(step)s — %(name)s") % {
            "step": f"{step.number}. {step.label}",
            "name": deadline.person.name,
        }
        event.add("summary", strip_control(summary))
        event.add("description", strip_control(str(step.source)))
        events.append(event)
    return events
