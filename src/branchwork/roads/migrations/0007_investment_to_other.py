"""Investment is now recorded by source (central, provincial, local, other) and the total is
their sum. Existing totals say nothing about their sources, so they move to "other" (in the
history rows too, so the first edit after this migration does not log a change nobody made)."""

from django.db import migrations
from django.db.models import F


def totals_to_other(apps, schema_editor):
    for name in ("RoadProject", "HistoricalRoadProject"):
        model = apps.get_model("roads", name)
        model.objects.update(
            investment_other=F("investment"),
            investment_central=0,
            investment_provincial=0,
            investment_local=0,
        )


def other_back_to_totals(apps, schema_editor):
    """The total column was kept; going back only needs nothing to be lost."""


class Migration(migrations.Migration):
    dependencies = [
        ("roads", "0006_project_details_and_photos"),
    ]

    operations = [
        migrations.RunPython(totals_to_other, other_back_to_totals),
    ]
