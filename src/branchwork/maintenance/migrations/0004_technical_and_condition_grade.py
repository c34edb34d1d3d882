"""A route's technical grade and a surveyed unit's condition grade get names of their own
(both were called ``grade``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("maintenance", "0003_uploader_optional")]

    operations = [
        migrations.RenameField("route", "grade", "technical_grade"),
        migrations.RenameField("historicalroute", "grade", "technical_grade"),
        migrations.RenameField("surveyunit", "grade", "condition_grade"),
        migrations.AlterField(
            model_name="surveyunit",
            name="condition_grade",
            field=models.CharField(
                choices=[
                    ("excellent", "Excellent (优)"),
                    ("good", "Good (良)"),
                    ("fair", "Fair (中)"),
                    ("poor", "Poor (次)"),
                    ("bad", "Bad (差)"),
                ],
                max_length=10,
                verbose_name="condition grade",
            ),
        ),
    ]
