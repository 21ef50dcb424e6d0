import django.db.models.deletion
from django.db import migrations

import giamngheo.commune_key


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_commune_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="recommendation",
            name="commune",
            field=giamngheo.commune_key.CommuneKey(
                on_delete=django.db.models.deletion.DO_NOTHING, parent="unit", to="giamngheo.commune"
            ),
        ),
    ]
