from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "branchwork.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from branchwork.core import audit  # noqa: F401  (connects the history signal)
        from branchwork.core import keycheck  # noqa: F401  (the field-key check, core.keycheck)
