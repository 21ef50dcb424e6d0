"""The audit trail is attributable and cannot be rewritten."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from giamngheo import audit, services
from giamngheo.models import AuditEntry, AuditTrailIsAppendOnly, Role


def test_giving_a_role_is_audited_with_who_gave_it(officer, village_head, village_b):
    services.assign_role(village_head, Role.VILLAGE_HEAD, by=officer, village=village_b)
    entry = AuditEntry.objects.get(action="account.role_assigned", actor=officer)
    assert entry.target_id == str(village_head.pk)
    assert entry.commune == village_b.commune
    assert entry.data == {
        "role": "village_head",
        "place": str(village_head.role_assignments.get(village=village_b)),
    }


def test_giving_a_role_already_held_writes_nothing(officer, village_head, village_a):
    before = AuditEntry.objects.count()
    services.assign_role(village_head, Role.VILLAGE_HEAD, by=officer, village=village_a)
    assert AuditEntry.objects.count() == before


def test_record_many_writes_one_entry_per_object_in_its_commune(officer, make_household, other_village):
    ours, theirs = make_household(), make_household(village=other_village)
    audit.record_many(officer, "household.updated", [(ours, {"dong": 3}), (theirs, {"dong": 4})])
    entries = {e.target_id: e for e in AuditEntry.objects.filter(action="household.updated")}
    assert entries[str(ours.pk)].commune_id == ours.commune_id
    assert entries[str(theirs.pk)].commune_id == other_village.commune_id
    assert entries[str(ours.pk)].actor == officer and entries[str(ours.pk)].data == {"dong": 3}


@pytest.fixture
def entry(officer, village_a):
    return audit.record(officer, village_a, "village.updated", changes={"name": ["A", "B"]})


def test_a_written_entry_cannot_be_changed_or_deleted_through_the_models(entry):
    entry.action = "village.created"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.action == "village.updated"


def test_the_admin_shows_entries_read_only(client, admin_user, entry):
    client.force_login(admin_user)
    change = reverse("admin:giamngheo_auditentry_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change, {"action": "x"}).status_code == 403
    delete = reverse("admin:giamngheo_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    r = client.post(
        reverse("admin:giamngheo_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert r.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.action == "village.updated"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_on_postgresql_the_table_itself_refuses_update_and_delete(entry):
    for sql in (
        "UPDATE giamngheo_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM giamngheo_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.action == "village.updated"
