from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "branchwork.development"
    label = "development"
    verbose_name = _("Member development")

    def ready(self) -> None:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from branchwork.development.rules import LOCAL_PRACTICE

        unknown = set(settings.DEVELOPMENT_LOCAL_PRACTICE) - set(LOCAL_PRACTICE)
        if unknown:
            raise ImproperlyConfigured(
                f"DEVELOPMENT_LOCAL_PRACTICE: unknown settings {sorted(unknown)}"
            )
