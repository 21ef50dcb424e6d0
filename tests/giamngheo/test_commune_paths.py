"""Every table's rows belong to one commune, by its own key or through required parents, unless
it is named as shared reference data or as a table of communes and the levels above: what
partitioning by commune (docs/scaling.md) relies on."""

from __future__ import annotations

from giamngheo.commune_paths import COMMUNE_OR_ABOVE, NOT_COMMUNE_OWNED, commune_path, our_models


def test_every_model_reaches_a_commune_or_is_named():
    named = NOT_COMMUNE_OWNED | COMMUNE_OR_ABOVE
    orphans = [m._meta.label for m in our_models() if m._meta.label not in named and commune_path(m) is None]
    assert orphans == []


def test_the_lists_name_only_real_models_with_the_key_they_claim():
    by_label = {m._meta.label: m for m in our_models()}
    assert set(NOT_COMMUNE_OWNED) | set(COMMUNE_OR_ABOVE) <= set(by_label)
    for label in COMMUNE_OR_ABOVE:
        assert by_label[label]._meta.get_field("commune").null


def test_paths_follow_the_household_and_the_project():
    by_label = {m._meta.label: m for m in our_models()}
    assert commune_path(by_label["households.Household"]) == ["commune"]
    assert commune_path(by_label["households.Member"]) == ["household", "commune"]
    assert commune_path(by_label["projects.Participant"]) == ["project", "commune"]
    assert commune_path(by_label["inspections.InspectionItem"])[0] == "inspection"
