from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "branchwork.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # audit connects the history signal; keycheck the field-encryption key check.
        from branchwork.core import audit, keycheck  # noqa: F401
