"""Seed version 1 of each built-in condition profile (maintenance/profiles.py) so that it can be
chosen for an evaluation year and revised by an administrator."""

from django.db import migrations


def seed(apps, schema_editor):
    from branchwork.maintenance.profiles import BUILT_IN

    ConditionProfile = apps.get_model("maintenance", "ConditionProfile")
    for name, data in BUILT_IN.items():
        ConditionProfile.objects.get_or_create(
            name=name, version=1, defaults={"data": data, "note": data["source"]}
        )


class Migration(migrations.Migration):
    dependencies = [("maintenance", "0001_inventory_surveys_work_orders")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
