"""Seed the 2026–2035 program (its legal bases and the production-support content, flagged for
checking against Decision 417), mark the 2021–2025 program ended, and add the default rule set
from 2026 whose route is commune approval under Decree 358/2025."""

from django.db import migrations


def seed(apps, schema_editor):
    from projects.seed import seed_program_2026, seed_rule_set_2026

    seed_program_2026(apps)
    seed_rule_set_2026(apps)


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_life_and_routes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
