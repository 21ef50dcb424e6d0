"""Who sees which places: the scope rules every view relies on."""

from __future__ import annotations

import pytest

from giamngheo import access


def names(qs) -> set[str]:
    return {obj.name for obj in qs}


@pytest.mark.parametrize("person", ["officer", "leader", "bcd_member", "supervisor"], indirect=True)
def test_commune_roles_see_every_village_of_their_commune_only(person, village_a, village_b, other_village):
    assert names(access.villages_for(person)) == {"Thôn Hà Thượng", "Thôn Hà Trữ"}
    assert names(access.communes_for(person)) == {"Xã Phú Vinh"}


def test_a_village_head_sees_only_their_village(village_head, village_a, village_b, other_village):
    assert names(access.villages_for(village_head)) == {"Thôn Hà Thượng"}
    assert names(access.communes_for(village_head)) == {"Xã Phú Vinh"}


def test_an_upper_viewer_sees_every_commune_of_their_province(
    upper_viewer, village_a, other_village, other_province
):
    other_province.communes.create(code="20333", name="Phường Hải Châu")
    assert names(access.communes_for(upper_viewer)) == {"Xã Phú Vinh", "Xã Phú Hồ"}
    assert names(access.villages_for(upper_viewer)) == {"Thôn Hà Thượng", "Thôn Lê Xá Đông"}


def test_the_administrator_sees_everything(admin_user, village_a, other_village):
    assert names(access.villages_for(admin_user)) == {"Thôn Hà Thượng", "Thôn Lê Xá Đông"}


def test_a_person_without_roles_sees_nothing(db, village_a, django_user_model):
    nobody = django_user_model.objects.create_user("khach", password="x")
    assert not access.villages_for(nobody).exists()
    assert not access.communes_for(nobody).exists()


def test_editing_households_is_limited_to_the_role_and_the_place(
    officer, village_head, supervisor, upper_viewer, village_a, village_b, other_village
):
    assert access.can(officer, "household.edit", village=village_b)
    assert not access.can(officer, "household.edit", village=other_village)
    assert access.can(village_head, "household.edit", village=village_a)
    assert not access.can(village_head, "household.edit", village=village_b)
    assert not access.can(supervisor, "household.edit", village=village_a)
    assert not access.can(upper_viewer, "household.edit", village=village_a)
    assert access.can(upper_viewer, "household.view", village=village_a)


def test_place_q_filters_rows_by_their_village(
    officer, village_head, make_household, village_a, village_b, other_village
):
    from households.models import Household

    mine = make_household(village=village_a)
    neighbour = make_household(village=village_b)
    make_household(village=other_village)
    assert set(Household.objects.filter(access.place_q(officer))) == {mine, neighbour}
    assert set(Household.objects.filter(access.place_q(village_head))) == {mine}


def test_a_person_may_hold_roles_in_two_places(officer, village_b):
    from giamngheo import services
    from giamngheo.models import Role

    services.assign_role(officer, Role.VILLAGE_HEAD, by=None, village=village_b)
    assert access.has_role(officer, Role.VILLAGE_HEAD, Role.COMMUNE_OFFICER)
    assert access.can(officer, "household.edit", village=village_b)
