from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core.models import StoredFile, Versioned
from branchwork.core.scoping import ScopedManager
from branchwork.meetings.rules import Grade, Kind, TalkPair


class Meeting(Versioned):
    """A planned or held meeting of an organization (a branch or a party group)."""

    scope_path_field = "organization__path"

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    host = models.CharField(_("host"), max_length=50, blank=True)
    recorder = models.CharField(_("recorder"), max_length=50, blank=True)
    lecturer = models.CharField(_("lecturer"), max_length=50, blank=True)
    lecture_title = models.CharField(_("lecture title"), max_length=200, blank=True)
    talk_pair = models.CharField(
        _("talk between"), max_length=24, choices=TalkPair.choices, blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True)
    resolutions = models.TextField(_("resolutions"), blank=True)
    also_counts_as = models.CharField(
        _("also counts as"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("For example, a themed party day that is also the branch general meeting."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["organization", "date"], name="meeting_org_date_idx"),
            models.Index(fields=["kind", "date"], name="meeting_kind_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    @property
    def kinds(self) -> list[str]:
        return [self.kind] + ([self.also_counts_as] if self.also_counts_as else [])


class Attendance(models.Model):
    """One expected attendee of a meeting and whether they came."""

    scope_path_field = "meeting__organization__path"

    class Presence(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("Absent with leave")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    presence = models.CharField(
        _("presence"), max_length=8, choices=Presence.choices, default=Presence.PRESENT
    )
    reason = models.CharField(_("reason for absence"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_presence_display()}"

    @property
    def audit_org_path(self) -> str:
        return self.meeting.organization.path


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{secrets.token_hex(8)}-{filename}"


class Attachment(StoredFile):
    scope_path_field = "meeting__organization__path"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.meeting.organization.path


class Vote(models.Model):
    """A vote on a resolution at a branch general meeting, or an election."""

    scope_path_field = "meeting__organization__path"

    class Kind(models.TextChoices):
        MOTION = "motion", _("Motion")
        ADMISSION = "admission", _("Admitting a member (written opinions count)")
        ELECTION = "election", _("Election of a candidate")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="votes"
    )
    kind = models.CharField(_("kind of vote"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    entitled = models.PositiveIntegerField(_("entitled to vote"))
    present = models.PositiveIntegerField(_("entitled and present"))
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    written_for = models.PositiveIntegerField(_("written opinions for"), default=0)
    written_against = models.PositiveIntegerField(_("written opinions against"), default=0)
    quorum = models.BooleanField(_("quorum"))
    passed = models.BooleanField(_("passed"))
    explanation = models.CharField(_("verdict"), max_length=300)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.subject}: {self.explanation}"

    @property
    def verdict(self) -> str:
        """The verdict sentence in the reader's language, from the stored counts
        (``explanation`` keeps the sentence as it was shown when the vote was recorded)."""
        from branchwork.meetings import rules

        if self.kind == self.Kind.ELECTION:
            return rules.decide_election(self.entitled, self.present, self.votes_for).sentence
        return rules.decide_motion(
            rules.VoteCount(
                self.entitled,
                self.present,
                self.votes_for,
                self.votes_against,
                self.abstentions,
                self.written_for,
                self.written_against,
            )
        ).sentence

    @property
    def audit_org_path(self) -> str:
        return self.meeting.organization.path


class Appraisal(models.Model):
    """A member's democratic appraisal grade for a year."""

    scope_path_field = "member__organization__path"

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="appraisals",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appraisals",
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-year", "member__name_pinyin"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_appraisal_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year}: {self.get_grade_display()}"

    @property
    def audit_org_path(self) -> str:
        return self.member.organization.path


class CalendarFeed(models.Model):
    """The secret address of a user's iCalendar feed of the meetings they are expected at."""

    # The token is the key of the feed address: never written to the activity log.
    audit_exclude = frozenset({"token"})

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar of {self.user}"
