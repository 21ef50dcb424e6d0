"""Management commands: the official place list and the demo data."""

from __future__ import annotations

import io

from django.core.management import call_command

from giamngheo.models import AuditEntry, Commune, Province, RoleAssignment, User
from households.models import Classification, CommunityGroup, Household


def test_load_places_loads_the_official_2025_units_once(db):
    out = io.StringIO()
    call_command("load_places", stdout=out)
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    hue = Province.objects.get(code="46")
    assert hue.name == "Thành phố Huế"
    assert Commune.objects.get(code="19945").name == "Xã Phú Vinh"
    call_command("load_places", stdout=out)
    assert Commune.objects.count() == 3321
    assert "đã đầy đủ" in out.getvalue()


def test_seed_demo_builds_a_realistic_commune_and_is_idempotent(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    commune = Commune.objects.get(code="19945")
    assert commune.villages.count() == 6
    households = Household.objects.filter(commune=commune)
    assert 380 <= households.count() <= 440
    assert not households.filter(head_name__icontains="test").exists()
    categories = set(Classification.objects.values_list("category", flat=True))
    assert {"poor", "near_poor", "escaped_poor", "other"} <= categories
    assert CommunityGroup.objects.filter(village__commune=commune).count() == 6
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {
        "admin",
        "commune_officer",
        "commune_leader",
        "bcd_member",
        "village_head",
        "front_supervisor",
        "upper_viewer",
    }
    assert "canbo.xa" in out.getvalue() and "giamngheo@2026" in out.getvalue()

    counts = (Household.objects.count(), User.objects.count(), AuditEntry.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Household.objects.count(), User.objects.count(), AuditEntry.objects.count()) == counts
