"""Step 2: the village head drafts a proposal, picks households with live eligibility, and submits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from households.models import Category
from projects.models import Project, Round


def create_url(round_, village):
    return reverse("projects:create", args=[round_.pk, village.pk])


PLAN = {
    "name": "Nuôi bò cái sinh sản thôn Hà Thượng",
    "model": "Nuôi bò cái sinh sản",
    "place": "Thôn Hà Thượng",
    "duration_months": 24,
    "expected_results": "Mỗi hộ có thêm một bê.",
}


def test_village_head_starts_a_draft_under_the_current_rule_set(
    client, village_head, open_round, village_a, rules
):
    client.force_login(village_head)
    r = client.post(create_url(open_round, village_a), PLAN)
    project = Project.objects.get()
    assert r.status_code == 302 and r.url == project.get_absolute_url()
    assert project.status == Project.Status.DRAFT and project.rule_set == rules
    assert project.created_by == village_head and project.commune == village_a.commune
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Thôn đang lập" in page and "Gửi xã (chưa đủ điều kiện)" in page
    assert "Chưa có hộ tham gia nào." in page


def test_village_head_cannot_propose_for_another_village(client, village_head, open_round, village_b):
    client.force_login(village_head)
    assert client.post(create_url(open_round, village_b), PLAN).status_code == 403
    assert not Project.objects.exists()


@pytest.mark.parametrize("person", ["officer", "bcd_member", "supervisor"], indirect=True)
def test_commune_roles_do_not_draft_for_the_village(client, person, open_round, village_a):
    client.force_login(person)
    assert client.post(create_url(open_round, village_a), PLAN).status_code == 403


def test_round_past_its_deadline_takes_no_new_proposal(client, village_head, open_round, village_a):
    round_ = open_round  # published while open; its deadline has since passed
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(village_head)
    r = client.post(create_url(round_, village_a), PLAN, follow=True)
    assert "Đã quá hạn gửi đề xuất" in r.content.decode()
    assert not Project.objects.exists()


def test_missing_fields_are_explained(client, village_head, open_round, village_a):
    client.force_login(village_head)
    r = client.post(create_url(open_round, village_a), PLAN | {"model": "", "duration_months": 0})
    body = r.content.decode()
    assert "Vui lòng nhập mô hình" in body and "Thời gian thực hiện từ 1 đến 120 tháng." in body
    assert not Project.objects.exists()


def test_support_items_are_added_and_priced(client, village_head, make_project):
    project = make_project(households=2, ready=False)
    client.force_login(village_head)
    data = {
        "version": project.version,
        "name": "Bò cái sinh sản",
        "unit": "con",
        "quantity_per_household": "1",
        "unit_price": "18.500.000",
        "source": "central",
    }
    client.post(reverse("projects:item_add", args=[project.pk]), data)
    item = project.items.get()
    assert item.unit_price == 18_500_000
    page = client.get(project.get_absolute_url()).content.decode()
    assert "37.000.000" in page  # two households × one cow


def test_bad_item_shows_errors_and_adds_nothing(client, village_head, make_project):
    project = make_project(households=0, ready=False)
    client.force_login(village_head)
    data = {
        "version": project.version,
        "name": "",
        "unit": "con",
        "quantity_per_household": "0",
        "unit_price": "x",
        "source": "central",
    }
    r = client.post(reverse("projects:item_add", args=[project.pk]), data)
    body = r.content.decode()
    assert (
        r.status_code == 200 and "Vui lòng nhập nội dung hỗ trợ." in body and "Số tiền không hợp lệ" in body
    )
    assert not project.items.exists()


def test_candidate_picker_shows_each_households_reason(
    client, village_head, make_project, make_household, village_b
):
    project = make_project(households=0, ready=False)
    make_household(head_name="Hồ Thị Nghèo", category=Category.POOR)
    make_household(head_name="Lê Văn Khá", category=Category.MIDDLE)
    make_household(head_name="Ở Thôn Khác", village=village_b)
    client.force_login(village_head)
    body = client.get(reverse("projects:candidates", args=[project.pk])).content.decode()
    assert "Hồ Thị Nghèo" in body and "Hộ nghèo (rà soát năm 2025): thuộc đối tượng hỗ trợ." in body
    assert "Lê Văn Khá" in body and "không tính vào tỷ lệ hộ hưởng lợi" in body
    assert "Ở Thôn Khác" not in body


def test_candidate_search_is_accent_insensitive_and_htmx_gets_the_partial(
    client, village_head, make_project, make_household
):
    project = make_project(households=0, ready=False)
    make_household(head_name="Nguyễn Thị Hương")
    make_household(head_name="Trần Văn Bảy")
    client.force_login(village_head)
    r = client.get(
        reverse("projects:candidates", args=[project.pk]), {"q": "huong"}, headers={"HX-Request": "true"}
    )
    body = r.content.decode()
    assert "<html" not in body and "Nguyễn Thị Hương" in body and "Trần Văn Bảy" not in body


def test_adding_a_household_from_the_picker(client, village_head, make_project, make_household):
    project = make_project(households=0, ready=False)
    household = make_household(head_name="Hồ Thị Nghèo")
    client.force_login(village_head)
    r = client.post(
        reverse("projects:participant_add", args=[project.pk]),
        {"version": project.version, "household": household.pk, "shares": 2},
    )
    assert r.status_code == 302
    assert project.participants.get().shares == 2


def test_household_of_another_village_cannot_be_added(
    client, village_head, make_project, make_household, village_b
):
    project = make_project(households=0, ready=False)
    household = make_household(village=village_b)
    client.force_login(village_head)
    client.post(
        reverse("projects:participant_add", args=[project.pk]),
        {"version": project.version, "household": household.pk, "shares": 1},
    )
    assert not project.participants.exists()


def test_commitment_is_marked_signed_with_a_scan(client, village_head, make_project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project(households=1, ready=False)
    participant = project.participants.get()
    client.force_login(village_head)
    scan = SimpleUploadedFile("cam-ket.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    data = {
        "version": project.version,
        "shares": 1,
        "commitment_signed_on": "15/03/2026",
        "commitment_scan": scan,
        "note": "",
    }
    client.post(reverse("projects:participant_edit", args=[project.pk, participant.pk]), data)
    participant.refresh_from_db()
    assert participant.commitment_signed_on.isoformat() == "2026-03-15"
    assert participant.commitment_scan.name.endswith(".pdf")


def test_a_scan_that_is_not_a_pdf_or_image_is_refused(client, village_head, make_project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project(households=1, ready=False)
    participant = project.participants.get()
    client.force_login(village_head)
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    data = {"version": project.version, "shares": 1, "commitment_scan": bad}
    r = client.post(reverse("projects:participant_edit", args=[project.pk, participant.pk]), data)
    assert "Chỉ nhận tệp PDF hoặc ảnh JPG, PNG." in r.content.decode()
    participant.refresh_from_db()
    assert not participant.commitment_scan


def test_removing_a_household(client, village_head, make_project):
    project = make_project(households=2, ready=False)
    participant = project.participants.first()
    client.force_login(village_head)
    client.post(
        reverse("projects:participant_remove", args=[project.pk, participant.pk]),
        {"version": project.version},
    )
    assert project.participants.count() == 1


def test_a_submitted_project_can_no_longer_be_edited(client, village_head, project_in):
    project = project_in(Project.Status.SUBMITTED)
    client.force_login(village_head)
    r = client.post(
        reverse("projects:edit", args=[project.pk]),
        PLAN | {"version": project.version, "name": "Đổi tên"},
        follow=True,
    )
    assert "thôn không sửa được nữa" in r.content.decode()
    project.refresh_from_db()
    assert project.name != "Đổi tên"


def test_editing_with_a_stale_page_is_refused(client, village_head, make_project):
    project = make_project(households=1)
    client.force_login(village_head)
    r = client.post(
        reverse("projects:edit", args=[project.pk]),
        PLAN | {"version": project.version - 1, "name": "Đổi tên"},
        follow=True,
    )
    assert "vừa được người khác thay đổi" in r.content.decode()
    project.refresh_from_db()
    assert project.name != "Đổi tên"


def test_the_complete_draft_is_submitted_and_the_officer_sees_it_waiting(
    client, village_head, officer, make_project
):
    project = make_project(households=3)
    client.force_login(village_head)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Chưa gửi được vì" not in page
    client.post(reverse("projects:submit", args=[project.pk]), {"version": project.version})
    client.force_login(officer)
    home = client.get(reverse("home")).content.decode()
    assert "Hồ sơ dự án chờ xã kiểm tra" in home
    listing = client.get(reverse("projects:list"), {"status": "submitted"}).content.decode()
    assert project.name in listing


def test_the_page_says_why_the_draft_cannot_be_submitted(client, village_head, make_project):
    project = make_project(households=3, categories=[Category.POOR, Category.MIDDLE, Category.MIDDLE])
    client.force_login(village_head)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Chưa gửi được vì:" in page and "33,3% (tối thiểu 50%)" in page


def test_picker_posts_ids_above_one_thousand_unformatted(client, village_head, make_project, make_household):
    project = make_project(households=0, ready=False)
    make_household(pk=12345, head_name="Hộ Số Lớn")
    client.force_login(village_head)
    body = client.get(reverse("projects:candidates", args=[project.pk])).content.decode()
    assert 'name="household" value="12345"' in body  # not "12.345" from the thousands separator
