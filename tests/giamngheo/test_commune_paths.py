"""Every table's rows belong to one commune, by its own key or through required parents, unless
it is named as shared reference data or as a table of communes and the levels above: what
partitioning by commune (docs/scaling.md) relies on."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from giamngheo.commune_key import commune_keys, mismatches
from giamngheo.commune_paths import COMMUNE_OR_ABOVE, NOT_COMMUNE_OWNED, commune_path, our_models
from giamngheo.models import Commune
from households.models import Classification, CommunityGroup, Household, Member


def test_every_model_reaches_a_commune_or_is_named():
    named = NOT_COMMUNE_OWNED | COMMUNE_OR_ABOVE
    orphans = [m._meta.label for m in our_models() if m._meta.label not in named and commune_path(m) is None]
    assert orphans == []


def test_the_lists_name_only_real_models_with_the_key_they_claim():
    by_label = {m._meta.label: m for m in our_models()}
    assert set(NOT_COMMUNE_OWNED) | set(COMMUNE_OR_ABOVE) <= set(by_label)
    for label in COMMUNE_OR_ABOVE:
        assert by_label[label]._meta.get_field("commune").null


def test_copies_come_from_a_required_parent_that_has_the_commune_itself():
    keys = {model._meta.label: field for model, field in commune_keys()}
    assert keys["households.Member"].parent == "household"
    assert keys["inspections.InspectionItem"].parent == "inspection"
    for label, field in keys.items():
        parent = field.model._meta.get_field(field.parent)
        assert not parent.null, label
        assert parent.related_model._meta.get_field("commune").concrete, label


def test_every_commune_owned_table_carries_the_commune_id_itself():
    """Not only a path through parents: the column a partitioned installation splits on."""
    named = NOT_COMMUNE_OWNED | COMMUNE_OR_ABOVE
    without = [
        m._meta.label for m in our_models() if m._meta.label not in named and commune_path(m) != ["commune"]
    ]
    assert without == []


def test_the_copied_commune_fills_itself_through_save_and_bulk_create(commune, other_commune, village_a):
    household = Household.objects.create(
        commune=commune, village=village_a, code="H1", head_name="Lò Văn Páo"
    )
    # Only the parent's id given, nothing cached: the commune is read from the household.
    member = Member.objects.create(household_id=household.pk, full_name="Lò Thị Mai", birth_year=1990)
    assert Member.objects.get(pk=member.pk).commune_id == commune.pk
    heads = Member.objects.bulk_create([Member(household=household, full_name="Lò Văn Páo", birth_year=1970)])
    assert heads[0].commune_id == commune.pk
    classifications = Classification.objects.bulk_create(
        [Classification(household=household, year=2025, category="poor")]
    )
    assert classifications[0].commune_id == commune.pk
    # Another kind of parent: a village group takes its village's commune.
    group = CommunityGroup.objects.create(village=village_a, name="Tổ cộng đồng thôn A")
    assert CommunityGroup.objects.get(pk=group.pk).commune_id == commune.pk != other_commune.pk


@pytest.mark.django_db
def test_after_the_whole_demo_every_copied_commune_matches_its_parent():
    call_command("seed_demo", stdout=io.StringIO())
    filled = [model._meta.label for model, _ in commune_keys() if model._base_manager.exists()]
    # The demo runs the workflows, so the check covers real rows down to the grandchildren.
    reached = {"households.Member", "projects.Participant", "inspections.HandoverLine"}
    reached |= {"inspections.Commitment", "inspections.Inspection", "inspections.InspectionItem"}
    assert reached <= set(filled)
    assert mismatches() == {}
    out = io.StringIO()
    call_command("check_commune_keys", stdout=out)
    assert "khớp" in out.getvalue()

    # A row copied wrong (by hand in SQL, say) is named, so a partitioning run would not start.
    member = Member.objects.order_by("pk").first()
    elsewhere = Commune.objects.exclude(pk=member.commune_id).first()
    Member.objects.filter(pk=member.pk).update(commune=elsewhere)
    with pytest.raises(CommandError, match="households.Member: 1 dòng"):
        call_command("check_commune_keys", stdout=io.StringIO())
