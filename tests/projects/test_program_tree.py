"""The administrator keeps the program tree on its own screen (outside the Django admin)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giamngheo.models import AuditEntry
from projects import seed
from projects.models import Component, Program


@pytest.fixture
def program(rules) -> Program:
    return Program.objects.get(code=seed.PROGRAM_2026_CODE)


def test_the_2026_2035_program_is_seeded_with_its_legal_bases_and_the_old_one_ended(program):
    assert program.start_year == 2026 and program.end_year == 2035 and program.is_active
    assert "giảm nghèo bền vững" in program.name and program.phase.startswith("Giai đoạn I")
    numbers = set(program.legal_bases.values_list("number", flat=True))
    assert numbers == {"257/2025/QH15", "424/NQ-CP", "417/QĐ-BNNMT", "358/2025/NĐ-CP"}
    assert program.decision.number == "417/QĐ-BNNMT"
    community = program.components.get(code="ND-SX.CD")
    assert community.to_verify and "417/QĐ-BNNMT" in community.note
    assert not Program.objects.get(code=seed.PROGRAM_CODE).is_active


def test_the_administrator_sees_the_tree_with_its_check_flag(client, admin_user, program):
    client.force_login(admin_user)
    assert "Chương trình" in client.get(reverse("home")).content.decode()
    page = client.get(reverse("projects:program_detail", args=[program.pk])).content.decode()
    assert "ND-SX.CD" in page and "cần đối chiếu văn bản" in page and "257/2025/QH15" in page
    assert "đã kết thúc" in client.get(reverse("projects:program_list")).content.decode()


def test_add_edit_reorder_and_switch_off_a_component_audited(client, admin_user, program):
    client.force_login(admin_user)
    parent = program.components.get(code="ND-SX")
    data = {"code": "ND-SX.DD", "name": "Cải thiện dinh dưỡng", "parent": parent.pk, "order": 99, "note": ""}
    r = client.post(reverse("projects:component_add", args=[program.pk]), data)
    assert r.status_code == 302
    added = program.components.get(code="ND-SX.DD")
    assert added.parent == parent and not added.to_verify
    r = client.post(reverse("projects:component_add", args=[program.pk]), data)
    assert r.status_code == 200 and "Mã ND-SX.DD đã có trong chương trình." in r.content.decode()

    r = client.post(
        reverse("projects:component_edit", args=[program.pk, added.pk]),
        data | {"name": "Cải thiện dinh dưỡng trẻ em", "to_verify": "on"},
    )
    assert r.status_code == 302
    added.refresh_from_db()
    assert added.name == "Cải thiện dinh dưỡng trẻ em" and added.to_verify

    last_but_one = program.components.get(code="ND-SX.MH")
    client.post(reverse("projects:component_action", args=[program.pk, added.pk, "len"]))
    added.refresh_from_db()
    last_but_one.refresh_from_db()
    assert added.order < last_but_one.order

    client.post(reverse("projects:component_action", args=[program.pk, added.pk, "ngung"]))
    added.refresh_from_db()
    assert not added.is_active
    actions = set(AuditEntry.objects.filter(action__startswith="component.").values_list("action", flat=True))
    assert actions == {"component.created", "component.updated", "component.moved", "component.deactivated"}
    trail = client.get(reverse("audit_list")).content.decode()
    assert "Ngừng sử dụng nội dung chương trình" in trail


def test_a_switched_off_component_is_not_offered_for_new_rounds(client, officer, program, rules):
    Component.objects.filter(code="ND-SX.LK").update(is_active=False)
    client.force_login(officer)
    page = client.get(reverse("projects:round_create")).content.decode()
    assert "Hỗ trợ phát triển sản xuất cộng đồng" in page
    assert "liên kết theo chuỗi giá trị" not in page


@pytest.mark.parametrize(
    "person", ["officer", "leader", "bcd_member", "supervisor", "village_head", "upper_viewer"], indirect=True
)
def test_only_administrators_maintain_the_tree(client, program, person):
    client.force_login(person)
    assert client.get(reverse("projects:program_list")).status_code == 403
    component = program.components.first()
    assert (
        client.post(
            reverse("projects:component_action", args=[program.pk, component.pk, "ngung"])
        ).status_code
        == 403
    )
    component.refresh_from_db()
    assert component.is_active


def test_the_program_pages_cost_the_same_for_few_or_many_components(
    client, admin_user, program, django_assert_max_num_queries
):
    client.force_login(admin_user)
    url = reverse("projects:program_detail", args=[program.pk])
    with django_assert_max_num_queries(12):
        client.get(url)
    for n in range(20):
        Component.objects.create(program=program, code=f"X{n}", name=f"Nội dung {n}", order=100 + n)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
