"""Seed the 2021–2025 program tree (DA1–DA7 and their TDA) and the default provincial rule set."""

from django.db import migrations


def seed(apps, schema_editor):
    from projects.seed import seed_program, seed_rule_set

    seed_program(apps)
    seed_rule_set(apps)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
