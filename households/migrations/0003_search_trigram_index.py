"""A trigram index on the household search key, on PostgreSQL only.

The search key is already lower-case and accent-free, so the list filters with `contains`
(LIKE '%…%'), which a gin_trgm_ops index serves. SQLite has no such index; the same query
scans the commune's rows there, which is fine at a commune's size.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS household_search_trgm ON households_household "
    "USING gin (search_key gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS household_search_trgm"]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("households", "0002_poverty_standards")]
    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
