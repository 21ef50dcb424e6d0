"""Indexes in the household list's order, on PostgreSQL only, for keyset pages at any depth.

The list orders names by the Vietnamese ICU collation (`head_name COLLATE "vi-x-icu"`) and
then by id, and pages by seeking past the last row shown (giamngheo/keyset.py). A btree index
on that same collated expression returns rows already in order from the seek point, so the
thousandth page costs what the first does. The default C collation of the existing
(village, head_name) index sorts Đ after Z and cannot serve that order.

One index per scope the list filters on first: a commune's staff (commune_id), a village head
or a village filter (village_id), the province (no leading column); and the code order.
SQLite has no Vietnamese collation (the list sorts by the search key there); its existing
indexes are enough at a commune's size.

Built CONCURRENTLY (outside a transaction) so a live registry keeps accepting writes.
"""

from django.db import migrations

NAME = '(head_name COLLATE "vi-x-icu")'
INDEXES = {
    "household_commune_name_vi": f"(commune_id, {NAME}, id)",
    "household_village_name_vi": f"(village_id, {NAME}, id)",
    "household_name_vi": f"({NAME}, id)",
    "household_commune_code_id": "(commune_id, code, id)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON households_household {columns}"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("households", "0005_decree_351_indicators")]
    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
