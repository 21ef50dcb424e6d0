"""Load the reference report definitions ("Mẫu tham khảo") for both programs and fixed public holidays."""

from django.db import migrations


def forward(apps, schema_editor):
    from reports.definitions import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_definitions_reports_holidays"),
        ("documents", "0002_kinds_and_sequences"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
