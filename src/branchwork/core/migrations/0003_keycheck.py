"""The field-encryption key check value (core.keycheck): a plain table with one row, not a
model, so that it never appears in forms, the admin or the activity log."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_bulk_kind"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE TABLE core_keycheck (id integer NOT NULL PRIMARY KEY, value varchar(64) NOT NULL)",
            "DROP TABLE core_keycheck",
        ),
    ]
