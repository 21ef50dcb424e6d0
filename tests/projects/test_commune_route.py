"""Commune approval under Decree 358/2025, end to end through the views: call for proposals →
dossier → evaluation council (minutes issued) → results posted → approval decision issued."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.documents.models import IssuedDocument
from projects import services, services_life
from projects.models import BudgetLine, Project, RuleSet

S = Project.Status


def today():
    return timezone.localdate()


COUNCIL = {
    "name": "Hội đồng thẩm định dự án xã",
    "established_by": "Quyết định số 88/QĐ-UBND",
    "chair": "Trần Văn Thành",
    "secretary": "Nguyễn Thị Thu Hà",
    "members": "Trần Văn Thành – Chủ tịch\nLê Thị Mỹ Lệ – Phó Chủ tịch\nHoàng Văn Phước – MTTQ",
}


@pytest.fixture
def commune_project(commune_rules, make_project):
    project = make_project()
    assert project.rule_set == commune_rules and project.route == "commune"
    return project


def review_data(project, conclusion="pass", **extra):
    return {
        "version": project.version,
        "meeting_date": today().isoformat(),
        "members_present": COUNCIL["members"],
        "score": "85",
        "opinions": extra.pop("opinions", ""),
        "conclusion": conclusion,
    } | extra


def test_the_commune_route_from_call_to_approval_decision_through_the_views(
    client, commune_project, officer, leader, village_head
):
    project = commune_project
    round_ = project.round
    client.force_login(officer)
    r = client.post(reverse("projects:round_call", args=[round_.pk]), {"issued_on": today().isoformat()})
    assert r.status_code == 302
    call = IssuedDocument.objects.get(kind__code="thong_bao")
    assert call.number.endswith("/TB-UBND") and call.target == round_
    r = client.post(reverse("projects:round_council", args=[round_.pk]), COUNCIL)
    assert r.status_code == 302
    page = client.get(round_.get_absolute_url()).content.decode()
    assert call.number in page and "Nguyễn Thị Thu Hà" in page

    client.force_login(village_head)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Xã phê duyệt theo Nghị định 358/2025" in page
    client.post(reverse("projects:submit", args=[project.pk]), {"version": project.version})
    project.refresh_from_db()
    assert project.status == S.SUBMITTED

    client.force_login(officer)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Chuyển hội đồng thẩm định" in page and "Trình BCĐ" not in page
    client.post(reverse("projects:send_to_council", args=[project.pk]), {"version": project.version})
    project.refresh_from_db()
    assert project.status == S.COUNCIL_REVIEW

    r = client.post(reverse("projects:council_review", args=[project.pk]), review_data(project))
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.status == S.COUNCIL_PASSED
    minutes = IssuedDocument.objects.get(kind__code="bb_hoi_dong")
    assert minutes.number.endswith("/BB-HĐTĐ")
    page = client.get(project.get_absolute_url()).content.decode()
    assert minutes.number in page and "Chưa công khai kết quả thẩm định." in page

    # the leader cannot approve before the results were posted long enough
    client.force_login(leader)
    data = {"version": project.version, "decision_date": today().isoformat(), "amount_central": "60.000.000"}
    r = client.post(reverse("projects:commune_approve", args=[project.pk]), data)
    assert r.status_code == 200 and "Chưa công khai kết quả thẩm định" in r.content.decode()
    assert 'value="60.000.000"' in r.content.decode()  # what the leader typed is kept
    assert not IssuedDocument.objects.filter(kind__code="quyet_dinh").exists()

    client.force_login(officer)
    posting = {
        "posted_from": (today() - dt.timedelta(days=8)).isoformat(),
        "posted_to": today().isoformat(),
        "place": "Trụ sở UBND xã",
    }
    form = client.get(reverse("projects:posting_add", args=[project.pk])).content.decode()
    assert "Biên bản niêm yết công khai kết quả thẩm định" in form
    client.post(reverse("projects:posting_add", args=[project.pk]), posting)
    assert project.postings.get().purpose == "results"
    posted = IssuedDocument.objects.get(kind__code="bb_niem_yet")
    assert posted.summary.startswith("Niêm yết công khai kết quả thẩm định dự án")
    assert posted.snapshot["posting"]["results"] is True

    client.force_login(leader)
    project.refresh_from_db()
    data["version"] = project.version
    r = client.post(reverse("projects:commune_approve", args=[project.pk]), data)
    assert r.status_code == 302
    project.refresh_from_db()
    decision = IssuedDocument.objects.get(kind__code="quyet_dinh")
    assert project.status == S.APPROVED
    assert project.decision_number == decision.number and project.decision_issuer == "Ủy ban nhân dân xã"
    assert BudgetLine.objects.get(project=project).approved_amount == 60_000_000
    page = client.get(project.get_absolute_url()).content.decode()
    assert decision.number in page and "Quyết định phê duyệt dự án" in page
    assert client.get(decision.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("officer", 200),
        ("leader", 200),
        ("bcd_member", 200),
        ("village_head", 403),
        ("supervisor", 403),
        ("upper_viewer", 403),
    ],
    indirect=["person"],
)
def test_who_records_the_council_review(client, commune_project, village_head, officer, person, status):
    project = services.submit_project(commune_project, by=village_head, version=None)
    services_life.save_council(project.round, by=officer, **COUNCIL)
    project = services_life.send_to_council(project, by=officer, version=None)
    client.force_login(person)
    assert client.get(reverse("projects:council_review", args=[project.pk])).status_code == status


@pytest.mark.parametrize(
    ("person", "status"),
    [("leader", 200), ("officer", 403), ("bcd_member", 403), ("village_head", 403), ("upper_viewer", 403)],
    indirect=["person"],
)
def test_only_the_leader_signs_the_approval_decision(
    client, commune_project, village_head, officer, person, status
):
    project = services.submit_project(commune_project, by=village_head, version=None)
    services_life.save_council(project.round, by=officer, **COUNCIL)
    project = services_life.send_to_council(project, by=officer, version=None)
    services_life.record_council_review(
        project, by=officer, version=None, conclusion="pass", meeting_date=today(), members_present="A\nB\nC"
    )
    client.force_login(person)
    assert client.get(reverse("projects:commune_approve", args=[project.pk])).status_code == status


def test_out_of_scope_officer_gets_404(client, commune_project, other_officer):
    client.force_login(other_officer)
    assert client.get(reverse("projects:council_review", args=[commune_project.pk])).status_code == 404


def test_council_failing_a_dossier_frees_its_households_and_it_can_be_proposed_again(
    client, commune_project, village_head, officer, make_project
):
    project = services.submit_project(commune_project, by=village_head, version=None)
    services_life.save_council(project.round, by=officer, **COUNCIL)
    project = services_life.send_to_council(project, by=officer, version=None)
    client.force_login(officer)
    r = client.post(reverse("projects:council_review", args=[project.pk]), review_data(project, "fail"))
    assert r.status_code == 200 and "Cần ghi ý kiến của hội đồng" in r.content.decode()
    r = client.post(
        reverse("projects:council_review", args=[project.pk]),
        review_data(project, "fail", opinions="Mô hình không phù hợp thổ nhưỡng."),
    )
    project.refresh_from_db()
    assert project.status == S.COUNCIL_FAILED

    client.force_login(village_head)
    assert "Đề xuất lại" in client.get(project.get_absolute_url()).content.decode()
    r = client.post(reverse("projects:repropose", args=[project.pk]), {"round": project.round_id})
    copy = Project.objects.exclude(pk=project.pk).get()
    assert r.status_code == 302 and r.url == copy.get_absolute_url()
    assert copy.status == S.DRAFT and copy.copied_from == project
    assert copy.participants.count() == project.participants.count() == 3
    assert [i.name for i in copy.items.all()] == [i.name for i in project.items.all()]
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "Thôn đề xuất lại từ dự án «Nuôi bò cái sinh sản thôn Hà Thượng»" in page


def test_upper_route_moves_are_refused_to_a_commune_route_project(commune_project, village_head, officer):
    project = services.submit_project(commune_project, by=village_head, version=None)
    assert "send_to_bcd" not in project.moves_available()
    with pytest.raises(services.WrongState, match="không thuộc quy trình phê duyệt"):
        services.send_to_bcd(project, by=officer, version=None)


def test_both_routes_live_side_by_side(rules, make_project, village_head):
    upper = make_project()
    RuleSet.objects.filter(province__isnull=True, version=2).update(is_active=True)
    commune = make_project(name="Dự án thứ hai")
    assert (upper.route, commune.route) == ("upper", "commune")
    upper.refresh_from_db()
    assert upper.route == "upper"  # the version the project was created under fixes its route
    assert (
        "send_to_bcd" not in services.submit_project(commune, by=village_head, version=None).moves_available()
    )
    assert (
        "send_to_council"
        not in services.submit_project(upper, by=village_head, version=None).moves_available()
    )


def test_the_council_and_the_leader_find_their_dossiers_in_the_work_list(
    client, commune_project, village_head, officer, leader, bcd_member
):
    project = services.submit_project(commune_project, by=village_head, version=None)
    services_life.save_council(project.round, by=officer, **COUNCIL)
    project = services_life.send_to_council(project, by=officer, version=None)
    client.force_login(bcd_member)
    assert "Hồ sơ dự án chờ hội đồng thẩm định" in client.get(reverse("home")).content.decode()
    services_life.record_council_review(
        project,
        by=bcd_member,
        version=None,
        conclusion="pass",
        meeting_date=today(),
        members_present="A\nB\nC",
    )
    client.force_login(leader)
    assert "chờ công khai kết quả và quyết định phê duyệt" in client.get(reverse("home")).content.decode()


def test_sending_to_the_council_needs_a_council(commune_project, village_head, officer):
    project = services.submit_project(commune_project, by=village_head, version=None)
    with pytest.raises(services.WorkflowError, match="chưa thành lập hội đồng"):
        services_life.send_to_council(project, by=officer, version=None)
    project.refresh_from_db()
    assert project.status == S.SUBMITTED


def test_a_council_with_fewer_than_three_members_is_refused_with_what_was_typed(client, open_round, officer):
    client.force_login(officer)
    r = client.post(
        reverse("projects:round_council", args=[open_round.pk]), COUNCIL | {"members": "Một người"}
    )
    assert r.status_code == 200 and "ít nhất 3 thành viên" in r.content.decode()
    assert "Nguyễn Thị Thu Hà" in r.content.decode()


@pytest.mark.parametrize(
    "person", ["village_head", "bcd_member", "supervisor", "upper_viewer"], indirect=True
)
def test_who_may_not_issue_the_call(client, open_round, person):
    client.force_login(person)
    assert client.get(reverse("projects:round_call", args=[open_round.pk])).status_code == 403


def test_the_call_prints_the_support_plan(commune_project, officer):
    from giamngheo.documents import register

    doc = services_life.issue_call(commune_project.round, by=officer, issued_on=today())
    text = register.read(doc)
    assert text.startswith(b"%PDF")
    assert "Hạn gửi hồ sơ về UBND xã" in " ".join(doc.snapshot["items"])
    with pytest.raises(services.WorkflowError, match="đã được ban hành"):
        services_life.issue_call(commune_project.round, by=officer, issued_on=today())


def test_the_village_heads_of_the_round_read_the_call(
    client, commune_project, officer, village_head, other_officer
):
    services_life.issue_call(commune_project.round, by=officer, issued_on=today())
    url = reverse("projects:round_call_file", args=[commune_project.round_id])
    client.force_login(village_head)
    assert url in client.get(commune_project.round.get_absolute_url()).content.decode()
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
