"""Adding a household with its members (the form a village head fills on a phone)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giamngheo.models import AuditEntry
from households.models import Household, Member

CREATE = reverse("households:create")


def management(total: int = 4, initial: int = 1) -> dict:
    return {
        "members-TOTAL_FORMS": str(total),
        "members-INITIAL_FORMS": str(initial),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "30",
    }


def member(i: int, **fields) -> dict:
    values = {
        "full_name": "",
        "relationship": "",
        "birth": "",
        "sex": "",
        "id_number": "",
        "ethnicity": "",
        "working_capacity": "yes",
    } | fields
    return {f"members-{i}-{k}": v for k, v in values.items()}


def household_post(village, **overrides) -> dict:
    data = {
        "village": village.pk,
        "code": "",
        "address": "12 đường Hà Thượng",
        "area": "rural",
        "ethnicity": "Kinh",
        "phone": "0912 345 678",
        "poverty_cause": "Thiếu vốn sản xuất",
        "notes": "",
        **management(),
        **member(
            0,
            full_name="Lê Thị  Mơ",
            relationship="head",
            birth="05/03/1980",
            sex="female",
            id_number="046 180 001 234",
        ),
        **member(
            1, full_name="Hồ Văn Tèo", relationship="child", birth="2008", sex="male", id_number="123456789"
        ),
        **member(2),
        **member(3),
    }
    return data | overrides


def test_village_head_adds_a_household_with_two_members(client, village_head, village_a):
    client.force_login(village_head)
    r = client.post(CREATE, household_post(village_a))
    household = Household.objects.get()
    assert r.status_code == 302
    assert r["Location"] == household.get_absolute_url()
    assert household.head_name == "Lê Thị Mơ"  # NFC, spaces folded
    assert household.is_female_headed
    assert household.code == "H00001"
    assert household.phone == "0912345678"
    head, child = household.members.order_by("pk")
    assert (head.relationship, head.birth_date.year, head.id_number, head.id_kind) == (
        "head",
        1980,
        "046180001234",
        "cccd",
    )
    assert (child.birth_date, child.birth_year, child.id_kind) == (None, 2008, "cmnd")
    assert "046180001234" in household.search_key and "ho van teo" in household.search_key
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("household.member_added") == 2 and "household.created" in actions


def test_the_form_shows_one_column_fields_and_four_member_rows(client, village_head):
    client.force_login(village_head)
    r = client.get(CREATE)
    text = r.content.decode()
    assert r.status_code == 200
    assert text.count('class="card member-row"') == 4
    assert 'name="members-0-relationship"' in text
    assert 'inputmode="numeric"' in text


def test_invalid_form_keeps_what_was_typed_and_explains_in_vietnamese(client, village_head, village_a):
    client.force_login(village_head)
    data = household_post(village_a) | member(
        1, full_name="Hồ Văn Tèo", relationship="child", id_number="12345", birth="31/02/2001"
    )
    r = client.post(CREATE, data)
    text = r.content.decode()
    assert r.status_code == 200
    assert not Household.objects.exists()
    assert "Số CCCD phải gồm đúng 12 chữ số" in text
    assert "Ngày 31/02/2001 không có thật" in text
    assert 'value="Hồ Văn Tèo"' in text
    assert 'value="12 đường Hà Thượng"' in text


def test_a_birth_date_in_no_known_format_asks_for_day_month_year(client, village_head, village_a):
    client.force_login(village_head)
    data = household_post(village_a) | member(
        1, full_name="Hồ Văn Tèo", relationship="child", birth="mùa xuân"
    )
    r = client.post(CREATE, data)
    assert "Nhập ngày sinh dạng ngày/tháng/năm" in r.content.decode()
    assert not Household.objects.exists()


def test_a_household_needs_exactly_one_head(client, village_head, village_a):
    client.force_login(village_head)
    data = household_post(village_a) | member(0, full_name="Lê Thị Mơ", relationship="spouse")
    r = client.post(CREATE, data)
    assert "Mỗi hộ phải có đúng một người là chủ hộ" in r.content.decode()
    assert not Household.objects.exists()


def test_a_cccd_already_in_the_commune_is_refused(client, village_head, village_a, village_b, make_household):
    other = make_household(village=village_b)
    used = other.members.get().id_number
    client.force_login(village_head)
    data = household_post(village_a) | member(1, full_name="Hồ Văn Tèo", relationship="child", id_number=used)
    r = client.post(CREATE, data)
    assert "Số CCCD/CMND này đã có trong sổ hộ của xã" in r.content.decode()
    assert Household.objects.count() == 1


def test_the_same_cccd_twice_in_one_household_is_refused(client, village_head, village_a):
    client.force_login(village_head)
    data = household_post(village_a) | member(
        1, full_name="Hồ Văn Tèo", relationship="child", id_number="046180001234"
    )
    r = client.post(CREATE, data)
    assert "Số này trùng với một người khác trong hộ" in r.content.decode()
    assert not Household.objects.exists()


def test_a_used_household_code_is_refused(client, officer, village_a, household):
    client.force_login(officer)
    r = client.post(CREATE, household_post(village_a, code=household.code))
    assert f"Mã hộ {household.code} đã có trong xã" in r.content.decode()
    assert Household.objects.count() == 1


def test_village_head_cannot_add_to_another_village(client, village_head, village_b):
    client.force_login(village_head)
    r = client.post(CREATE, household_post(village_b))
    assert r.status_code == 200
    assert "Bạn không được nhập hộ cho thôn/tổ này" in r.content.decode()
    assert not Household.objects.exists()


def test_more_rows_button_adds_blank_rows_and_keeps_the_typing(client, village_head, village_a):
    client.force_login(village_head)
    r = client.post(CREATE, household_post(village_a) | {"add_rows": "1"})
    text = r.content.decode()
    assert r.status_code == 200
    assert text.count('class="card member-row"') == 6
    assert 'value="Hồ Văn Tèo"' in text
    assert "Vui lòng sửa" not in text
    assert not Household.objects.exists()


def test_htmx_post_with_errors_returns_the_form_partial(client, village_head, village_a):
    client.force_login(village_head)
    data = household_post(village_a) | member(0, full_name="", relationship="head")
    r = client.post(CREATE, data, headers={"HX-Request": "true"})
    text = r.content.decode()
    assert r.status_code == 200
    assert "<html" not in text
    assert "Hãy nhập họ và tên" in text


def test_htmx_post_that_succeeds_redirects_on_the_client(client, officer, village_a):
    client.force_login(officer)
    r = client.post(CREATE, household_post(village_a), headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert r["HX-Redirect"] == Household.objects.get().get_absolute_url()


@pytest.mark.parametrize("person", ["officer", "leader", "admin_user"], indirect=True)
def test_commune_staff_add_households_in_any_village(client, person, village_b):
    client.force_login(person)
    assert client.post(CREATE, household_post(village_b)).status_code == 302
    assert Household.objects.get().village == village_b


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_read_only_roles_get_403(client, person, village_a):
    client.force_login(person)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, household_post(village_a)).status_code == 403
    assert not Household.objects.exists()


def test_other_communes_village_is_not_offered(client, other_officer, village_a):
    client.force_login(other_officer)
    r = client.post(CREATE, household_post(village_a))
    assert r.status_code == 200
    assert not Household.objects.exists()
    assert Member.objects.count() == 0


def test_names_typed_in_decomposed_unicode_are_stored_composed(client, village_head, village_a):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
    client.force_login(village_head)
    data = household_post(village_a) | member(0, full_name=decomposed, relationship="head")
    assert client.post(CREATE, data).status_code == 302
    household = Household.objects.get()
    assert household.head_name == "Nguyễn Thị Hương" == unicodedata.normalize("NFC", household.head_name)
    assert household.search_key.startswith("nguyen thi huong")
