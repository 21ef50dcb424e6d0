"""On PostgreSQL the audit table itself refuses UPDATE and DELETE, whoever connects.

A row trigger does not fire on TRUNCATE, so flushing a test database (and restoring a backup
into an empty one) still works; deleting entries row by row does not.
"""

from django.db import migrations

CREATE = [
    """
CREATE OR REPLACE FUNCTION giamngheo_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'giamngheo_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER giamngheo_audit_append_only
    BEFORE UPDATE OR DELETE ON giamngheo_auditentry
    FOR EACH ROW EXECUTE FUNCTION giamngheo_audit_append_only()
""",
]
DROP = [
    "DROP TRIGGER IF EXISTS giamngheo_audit_append_only ON giamngheo_auditentry",
    "DROP FUNCTION IF EXISTS giamngheo_audit_append_only()",
]


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, None)


class Migration(migrations.Migration):
    dependencies = [("giamngheo", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
