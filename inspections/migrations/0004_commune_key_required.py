import django.db.models.deletion
from django.db import migrations

import giamngheo.commune_key


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0003_commune_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="handoverline",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="handover", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="commitment",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="household", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="inspection",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="household", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="inspectionitem",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="inspection", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="inspectionphoto",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="inspection", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="consequence",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="inspection", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="recovery",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="household", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="rotation",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="to_household", to="giamngheo.commune"
            ),
        ),
    ]
