"""'Waiting for you' on each home page, and list pages whose query count stays flat."""

from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import Project

S = Project.Status


@pytest.mark.parametrize(
    ("status", "person", "title"),
    [
        (S.DRAFT, "village_head", "Đề xuất dự án đang lập, chưa gửi xã"),
        (S.RETURNED, "village_head", "Hồ sơ dự án bị trả lại, cần bổ sung"),
        (S.SUBMITTED, "officer", "Hồ sơ dự án chờ xã kiểm tra"),
        (S.BCD_REVIEW, "bcd_member", "Dự án chờ BCĐ cho ý kiến"),
        (S.BCD_REVIEW, "leader", "Dự án chờ BCĐ cho ý kiến"),
        (S.AGREED, "officer", "Dự án BCĐ đã đồng ý, cần lập tờ trình lên cấp trên"),
        (S.SUBMITTED_UPWARD, "leader", "Dự án chờ ghi quyết định của cấp trên"),
    ],
)
def test_work_waits_for_the_right_person(client, project_in, request, status, person, title):
    project_in(status)
    client.force_login(request.getfixturevalue(person))
    assert title in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("status", "person"),
    [
        (S.SUBMITTED, "village_head"),
        (S.SUBMITTED, "bcd_member"),
        (S.BCD_REVIEW, "officer"),
        (S.DRAFT, "officer"),
        (S.SUBMITTED, "supervisor"),
        (S.SUBMITTED, "other_officer"),
        (S.DRAFT, "village_head_b"),
    ],
)
def test_work_does_not_wait_for_others(client, project_in, request, status, person):
    project_in(status)
    client.force_login(request.getfixturevalue(person))
    body = client.get(reverse("home")).content.decode()
    assert "Hồ sơ dự án" not in body and "Dự án chờ" not in body and "Đề xuất dự án đang lập" not in body


def test_village_head_sees_only_their_villages_projects(
    client, make_project, village_head, village_head_b, officer
):
    project = make_project(households=1)
    client.force_login(village_head_b)
    assert project.name not in client.get(reverse("projects:list")).content.decode()
    client.force_login(officer)
    assert project.name in client.get(reverse("projects:list")).content.decode()


def test_bad_filter_gets_a_message_not_an_error(client, officer):
    client.force_login(officer)
    r = client.get(reverse("projects:list"), {"status": "nonsense", "round": "abc"})
    assert r.status_code == 200 and "Hãy chọn" in r.content.decode()


@pytest.mark.parametrize("rows", [1, 12])
def test_project_list_costs_the_same_for_1_or_12_projects(
    client, make_project, officer, rows, django_assert_max_num_queries
):
    for i in range(rows):
        make_project(households=1, ready=False, name=f"Dự án {i}")
    client.force_login(officer)
    with django_assert_max_num_queries(7):
        r = client.get(reverse("projects:list"))
    assert r.content.decode().count("Dự án ") >= rows


@pytest.mark.parametrize("rows", [1, 10])
def test_project_page_costs_the_same_for_1_or_10_households(
    client, make_project, village_head, rows, django_assert_max_num_queries
):
    project = make_project(households=rows)
    client.force_login(village_head)
    with django_assert_max_num_queries(20):
        assert client.get(project.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [1, 10])
def test_candidate_picker_costs_the_same_for_1_or_10_households(
    client, make_project, make_household, village_head, rows, django_assert_max_num_queries
):
    project = make_project(households=0, ready=False)
    for _ in range(rows):
        make_household()
    client.force_login(village_head)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("projects:candidates", args=[project.pk])).status_code == 200


@pytest.mark.parametrize("rows", [1, 8])
def test_round_list_and_home_cost_the_same(
    client, make_round, village_head, rows, django_assert_max_num_queries
):
    for i in range(rows):
        make_round(name=f"Đợt {i}")
    client.force_login(village_head)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("projects:round_list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("home")).status_code == 200


def test_candidates_sort_in_vietnamese_order_and_match_without_accents(
    client, make_project, make_household, village_head
):
    project = make_project(households=0, ready=False)
    for name in ("Đặng Văn Dũng", "Bùi Thị Lan", "Ánh Văn Tư"):
        make_household(head_name=name)
    client.force_login(village_head)
    page = client.get(reverse("projects:candidates", args=[project.pk])).content.decode()
    assert page.index("Ánh Văn Tư") < page.index("Bùi Thị Lan") < page.index("Đặng Văn Dũng")
    page = client.get(reverse("projects:candidates", args=[project.pk]), {"q": "dang van"}).content.decode()
    assert "Đặng Văn Dũng" in page and "Bùi Thị Lan" not in page
