import django.db.models.deletion
from django.db import migrations

import giamngheo.commune_key


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0009_commune_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="member",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="household", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="classification",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="household", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="communitygroup",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="village", to="giamngheo.commune"
            ),
        ),
        migrations.AlterField(
            model_name="groupmembership",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="household", to="giamngheo.commune"
            ),
        ),
    ]
