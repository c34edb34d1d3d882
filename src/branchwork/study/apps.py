from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "branchwork.study"
    label = "study"
    verbose_name = _("Study")

    def ready(self) -> None:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from branchwork.study.rules import CENTRALISED_FOR

        unknown = set(getattr(settings, "STUDY_CENTRALISED_FOR", ())) - CENTRALISED_FOR
        if unknown:
            raise ImproperlyConfigured(
                f"STUDY_CENTRALISED_FOR: unknown {sorted(unknown)}; "
                f"choose among {sorted(CENTRALISED_FOR)}."
            )
        if not 1 <= getattr(settings, "STUDY_WARN_FROM_MONTH", 10) <= 12:
            raise ImproperlyConfigured("STUDY_WARN_FROM_MONTH is a month, 1 to 12.")
