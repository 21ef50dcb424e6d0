"""Each projects table that belonged to its commune only through a parent carries the commune's
id itself, filled in from the parent (docs/scaling.md: partitioning by commune). Required in the
next migration, as PostgreSQL does not alter a table with the foreign-key checks of these
updates still pending in the same transaction."""

import django.db.models.deletion
from django.db import migrations

import giamngheo.commune_key

IN_ORDER = [
    ("projects.RoundEnvelope", "round"),
    ("projects.SupportItem", "project"),
    ("projects.Participant", "project"),
    ("projects.Event", "project"),
    ("projects.BcdDecision", "project"),
    ("projects.BudgetLine", "project"),
    ("projects.Disbursement", "project"),
    ("projects.Posting", "project"),
    ("projects.Complaint", "project"),
    ("projects.CouncilReview", "council"),
    ("projects.ProjectRevision", "project"),
    ("projects.Completion", "project"),
]


def fill(apps, schema_editor):
    giamngheo.commune_key.backfill(apps, schema_editor, IN_ORDER)


class Migration(migrations.Migration):
    dependencies = [
        ("giamngheo", "0003_commune_review_version"),
        ("projects", "0006_meetings_from_decisions_and_tagged_clauses"),
    ]

    operations = [
        migrations.AddField(
            model_name="roundenvelope",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="round",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="supportitem",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="bcddecision",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="budgetline",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="disbursement",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="posting",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="complaint",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="councilreview",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="council",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="projectrevision",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.AddField(
            model_name="completion",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                parent="project",
                to="giamngheo.commune",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
