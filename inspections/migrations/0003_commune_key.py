"""Each inspections table that belonged to its commune only through a parent carries the commune's
id itself, filled in from the parent (docs/scaling.md: partitioning by commune). Required in the
next migration, as PostgreSQL does not alter a table with the foreign-key checks of these
updates still pending in the same transaction."""

import django.db.models.deletion
from django.db import migrations

import giamngheo.commune_key

IN_ORDER = [
    ("inspections.HandoverLine", "handover"),
    ("inspections.Commitment", "household"),
    ("inspections.Inspection", "household"),
    ("inspections.InspectionItem", "inspection"),
    ("inspections.InspectionPhoto", "inspection"),
    ("inspections.Consequence", "inspection"),
    ("inspections.Recovery", "household"),
    ("inspections.Rotation", "to_household"),
]


def fill(apps, schema_editor):
    giamngheo.commune_key.backfill(apps, schema_editor, IN_ORDER)


class Migration(migrations.Migration):
    dependencies = [
        ("giamngheo", "0003_commune_review_version"),
        ("inspections", "0002_latest_done_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="handoverline",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="handover",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="commitment",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="household",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="inspection",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="household",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="inspectionitem",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="inspection",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="inspectionphoto",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="inspection",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="consequence",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="inspection",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="recovery",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="household",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="rotation",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="to_household",
                to="giamngheo.commune",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
