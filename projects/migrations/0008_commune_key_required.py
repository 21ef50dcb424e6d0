import django.db.models.deletion
from django.db import migrations

import giamngheo.commune_key


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_commune_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="roundenvelope",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="round", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="supportitem",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="participant",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="bcddecision",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="budgetline",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="disbursement",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="posting",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="councilreview",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="council", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="projectrevision",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="completion",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="project", to="giamngheo.commune"
            ),
        ),
    ]
