"""How serious a finding is, and how pages show it: the one mapping from a level to its label
and its badge. Rules return a ``Level`` value; templates show it with ``{% level_badge %}``.

- ``case``: a case for the general meeting (党章 Art. 9: six months without organizational life
  or dues without good reason is treated as leaving the party; the branch must raise it);
- ``warning``: an early warning, before the case.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CASE = "case", _("a case to raise")
    WARNING = "warning", _("early warning")


BADGE_CLASS: dict[str, str] = {
    Level.CASE: "text-bg-danger",
    Level.WARNING: "text-bg-warning",
}
