from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "branchwork.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from branchwork.meetings.rules import kind_rules

        try:
            kind_rules(settings.MEETING_FREQUENCIES)
        except ValueError as exc:
            raise ImproperlyConfigured(f"MEETING_FREQUENCIES: {exc}") from None
