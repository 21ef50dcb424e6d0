"""Each households table that belonged to its commune only through a parent carries the commune's
id itself, filled in from the parent (docs/scaling.md: partitioning by commune). Required in the
next migration, as PostgreSQL does not alter a table with the foreign-key checks of these
updates still pending in the same transaction."""

import django.db.models.deletion
from django.db import migrations

import giamngheo.commune_key

IN_ORDER = [
    ("households.Member", "household"),
    ("households.Classification", "household"),
    ("households.CommunityGroup", "village"),
    ("households.GroupMembership", "household"),
]


def fill(apps, schema_editor):
    giamngheo.commune_key.backfill(apps, schema_editor, IN_ORDER)


class Migration(migrations.Migration):
    dependencies = [
        ("giamngheo", "0003_commune_review_version"),
        ("households", "0008_search_in_commune_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="household",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="classification",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="household",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="communitygroup",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="village",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="groupmembership",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="household",
                to="giamngheo.commune",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
