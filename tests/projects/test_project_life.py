"""A project's life: cancel, return by the level above, adjustment versions, completion, closing
a round, the year/program check and timeline events translated when shown."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from giamngheo.models import AuditEntry
from projects import eligibility, services
from projects.models import Component, Event, FundingSource, Project, ProjectRevision, Round

S = Project.Status


@pytest.fixture(scope="module")
def english():
    """The English catalogue compiled (make test does it; a bare pytest run may not have)."""
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo").exists():
        call_command("compilemessages", locale=["en"], ignore_patterns=[".venv"], verbosity=0)
    translation.trans_real._translations.clear()


def today():
    return timezone.localdate()


def test_a_cancelled_draft_releases_its_households_and_the_rounds_money(
    client, make_round, make_project, village_head
):
    round_ = make_round(envelopes={FundingSource.CENTRAL: 100_000_000})
    first = make_project(households=3, round_=round_)
    first = services.submit_project(first, by=village_head, version=None)
    second = make_project(households=0, round_=round_, name="Nuôi bò đợt 2")
    household = first.participants.first().household
    with pytest.raises(services.WorkflowError, match="đã tham gia dự án"):
        services.add_participant(second, household, by=village_head, version=None)
    assert any("đợt còn 40.000.000 đ" in c.message for c in eligibility.assess(first).checks) is False

    # the submitted project goes back to the village, which cancels it
    first = services.return_to_village(first, by=_officer(first), version=None, reasons="Xem lại")
    client.force_login(village_head)
    r = client.post(
        reverse("projects:cancel", args=[first.pk]), {"version": first.version, "comment": "Đổi mô hình"}
    )
    assert r.status_code == 302
    first.refresh_from_db()
    assert first.status == S.CANCELLED
    services.add_participant(second, household, by=village_head, version=None)
    assert eligibility.used_by_other_projects(second) == {}


def _officer(project):
    from giamngheo.models import Role, User

    return User.objects.get(
        role_assignments__role=Role.COMMUNE_OFFICER, role_assignments__commune=project.commune
    )


def test_a_draft_holds_nothing(make_project, village_head):
    draft = make_project(households=1)
    other = make_project(households=0, ready=False, name="Nuôi dê")
    services.add_participant(other, draft.participants.get().household, by=village_head, version=None)
    assert other.participants.count() == 1


@pytest.mark.parametrize("person", ["officer", "leader", "bcd_member", "supervisor"], indirect=True)
def test_only_the_village_cancels_its_draft(client, make_project, person):
    project = make_project(households=1)
    client.force_login(person)
    assert client.get(reverse("projects:cancel", args=[project.pk])).status_code == 403


def test_the_level_above_returns_a_dossier_for_completion(client, project_in, officer, village_head):
    project = project_in(S.SUBMITTED_UPWARD)
    client.force_login(officer)
    r = client.post(
        reverse("projects:upper_return", args=[project.pk]), {"version": project.version, "reasons": ""}
    )
    assert r.status_code == 200 and "Ghi nội dung cấp trên yêu cầu bổ sung." in r.content.decode()
    r = client.post(
        reverse("projects:upper_return", args=[project.pk]),
        {"version": project.version, "reasons": "Bổ sung giấy chứng nhận tiêm phòng"},
    )
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.status == S.RETURNED and project.is_editable
    client.force_login(village_head)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Cấp trên trả lại để bổ sung" in page and "Bổ sung giấy chứng nhận tiêm phòng" in page


def adjust_data(project, **extra):
    data = {
        "version": project.version,
        "decision_number": "30/QĐ-UBND",
        "decision_date": today().isoformat(),
        "reason": "Hộ Hộ thử 1 chuyển đi nơi khác",
        "duration_months": 30,
        "add_shares": 1,
        "amount_central": "40.000.000",
    }
    for p in project.participants.all():
        data[f"shares_{p.pk}"] = p.shares
    for i in project.items.all():
        data[f"qty_{i.pk}"] = i.quantity_per_household
    return data | extra


def test_an_adjustment_replaces_a_household_and_keeps_the_old_version_readable(
    client, project_in, officer, make_household
):
    project = project_in(S.APPROVED)
    leaving = project.participants.order_by("pk").first()
    newcomer = make_household(head_name="Hộ thay thế", code="HO-THAY")
    client.force_login(officer)
    data = adjust_data(project, **{f"shares_{leaving.pk}": 0, "add_household": "HO-THAY"})
    r = client.post(reverse("projects:adjust", args=[project.pk]), data)
    assert r.status_code == 302, r.content.decode()[-3000:]
    project.refresh_from_db()
    revision = ProjectRevision.objects.get(project=project)
    assert revision.number == 1 and revision.decision_number == "30/QĐ-UBND"
    assert project.duration_months == 30
    assert set(project.participants.values_list("household__head_name", flat=True)) == {
        "Hộ thử 2",
        "Hộ thử 3",
        "Hộ thay thế",
    }
    assert "Hộ thử 1" in [p["name"] for p in revision.before["participants"]]
    assert revision.before["budget"] == {"central": 60_000_000}
    assert revision.after["budget"] == {"central": 40_000_000}
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Lần 1: Quyết định số 30/QĐ-UBND" in page and "Điều chỉnh dự án lần 1" in page
    old = client.get(reverse("projects:revision", args=[project.pk, 1])).content.decode()
    assert "Trước điều chỉnh" in old and "Hộ thử 1" in old and "60.000.000" in old and "Hộ thay thế" in old
    assert newcomer.pk in project.participants.values_list("household_id", flat=True)


def test_an_adjustment_that_changes_nothing_is_refused_with_what_was_typed(client, project_in, officer):
    project = project_in(S.APPROVED)
    client.force_login(officer)
    r = client.post(
        reverse("projects:adjust", args=[project.pk]),
        adjust_data(project, duration_months=24, amount_central="60.000.000"),
    )
    assert r.status_code == 200 and "Không có gì thay đổi" in r.content.decode()
    assert 'value="30/QĐ-UBND"' in r.content.decode()
    assert not ProjectRevision.objects.exists()


@pytest.mark.parametrize(
    "person", ["village_head", "bcd_member", "supervisor", "upper_viewer"], indirect=True
)
def test_who_may_not_adjust(client, project_in, person):
    project = project_in(S.APPROVED)
    client.force_login(person)
    assert client.get(reverse("projects:adjust", args=[project.pk])).status_code == 403


def test_completion_records_results_against_the_plan(client, project_in, officer):
    project = project_in(S.IMPLEMENTING)
    client.force_login(officer)
    data = {
        "version": project.version,
        "accepted_on": today().isoformat(),
        "minutes_number": "05/BB-NT",
        "households_reached": 4,
        "outputs": "3 con bò cái, 2 bê con",
        "achieved": "Đạt kế hoạch",
    }
    r = client.post(reverse("projects:complete", args=[project.pk]), data)
    assert r.status_code == 200 and "nhiều hơn số hộ trong dự án được duyệt" in r.content.decode()
    data["households_reached"] = 3
    r = client.post(reverse("projects:complete", args=[project.pk]), data)
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.status == S.COMPLETED
    page = client.get(project.get_absolute_url()).content.decode()
    assert "3 con bò cái, 2 bê con" in page and "3 / 3 hộ theo kế hoạch" in page


def test_closing_a_round_from_its_page(client, open_round, officer, village_head, village_a):
    client.force_login(officer)
    assert "Kết thúc đợt" in client.get(open_round.get_absolute_url()).content.decode()
    r = client.post(reverse("projects:round_close", args=[open_round.pk]))
    assert r.status_code == 302
    open_round.refresh_from_db()
    assert open_round.status == Round.Status.CLOSED
    client.force_login(village_head)
    r = client.get(reverse("projects:create", args=[open_round.pk, village_a.pk]))
    r = client.post(
        reverse("projects:create", args=[open_round.pk, village_a.pk]),
        {"name": "X", "model": "Y", "place": "Z", "duration_months": 12},
    )
    assert r.status_code == 200 and "Đợt triển khai chưa mở hoặc đã kết thúc." in r.content.decode()
    assert 'value="X"' in r.content.decode()  # the form comes back with what was typed


@pytest.mark.parametrize("person", ["village_head", "bcd_member", "upper_viewer"], indirect=True)
def test_only_commune_staff_close_a_round(client, open_round, person):
    client.force_login(person)
    assert client.post(reverse("projects:round_close", args=[open_round.pk])).status_code == 403


def test_a_2026_round_under_the_2021_2025_program_is_refused(client, officer, commune, village_a, rules):
    old = Component.objects.get(code="DA3.TDA1")
    with pytest.raises(services.WorkflowError, match="nằm ngoài thời gian"):
        services.create_round(
            commune,
            by=officer,
            villages=[village_a],
            envelopes={"central": 1},
            name="X",
            component=old,
            year=2026,
            deadline=today(),
        )
    client.force_login(officer)
    data = {
        "name": "Đợt 1 năm 2026",
        "component": old.pk,
        "year": 2026,
        "deadline": today().isoformat(),
        "villages": [village_a.pk],
        "envelope_central": "100.000.000",
    }
    r = client.post(reverse("projects:round_create"), data)
    assert r.status_code == 200
    assert "Năm kế hoạch 2026 nằm ngoài thời gian" in r.content.decode()
    assert not Round.objects.exists()
    new = Component.objects.get(code="ND-SX.CD")
    r = client.post(reverse("projects:round_create"), data | {"component": new.pk})
    assert r.status_code == 302 and Round.objects.get().component == new


def test_events_are_stored_as_kinds_and_read_in_the_readers_language(client, project_in, officer, english):
    project = project_in(S.SUBMITTED)
    with translation.override("en"):
        services.record_complaint(
            project, by=officer, received_on=today(), complainant="Lê Văn Tám", content="Sai hộ"
        )
    event = Event.objects.get(project=project, kind="complaint")
    assert event.params == {"who": "Lê Văn Tám"}
    assert Event.objects.filter(project=project, kind="submit").exists()
    client.force_login(officer)
    vi = client.get(project.get_absolute_url()).content.decode()
    assert "Tiếp nhận phản ánh của Lê Văn Tám" in vi and "Thôn lập đề xuất" in vi
    with translation.override("en"):
        assert event.label == "Feedback received from Lê Văn Tám"
        assert Event.objects.get(project=project, kind="created").label == "Village drafts the proposal"


def test_the_audit_trail_shows_labels_not_codes(client, project_in, leader):
    project_in(S.SUBMITTED)
    assert AuditEntry.objects.filter(action="project.submit").exists()
    client.force_login(leader)
    page = client.get(reverse("audit_list")).content.decode()
    assert "Chờ xã kiểm tra hồ sơ" in page and "Thôn đang lập" in page
    assert (
        "[&#x27;draft&#x27;, &#x27;submitted&#x27;]" not in page and "submitted" not in page.split("<main")[1]
    )


def test_an_adjustment_cannot_approve_less_than_was_already_paid(client, project_in, officer):
    project = project_in(S.APPROVED)
    services.record_disbursement(
        project, by=officer, source="central", paid_on=today(), amount=50_000_000, document="UNC 1"
    )
    client.force_login(officer)
    r = client.post(reverse("projects:adjust", args=[project.pk]), adjust_data(project))
    assert r.status_code == 200 and "thấp hơn số đã giải ngân (50.000.000 đ)" in r.content.decode()
    assert project.budget_lines.get().approved_amount == 60_000_000


def test_editing_a_closed_round_shows_the_form_again_with_the_reason(client, open_round, officer, village_a):
    services.close_round(open_round, by=officer)
    client.force_login(officer)
    data = {
        "name": "Tên mới của đợt",
        "component": open_round.component_id,
        "year": open_round.year,
        "deadline": open_round.deadline.isoformat(),
        "villages": [village_a.pk],
        "envelope_central": "100.000.000",
    }
    r = client.post(reverse("projects:round_edit", args=[open_round.pk]), data)
    assert r.status_code == 200
    assert "Đợt triển khai đã kết thúc, không sửa được." in r.content.decode()
    assert 'value="Tên mới của đợt"' in r.content.decode()


def test_editing_a_household_of_a_sent_dossier_shows_the_form_again_with_the_reason(
    client, project_in, village_head
):
    project = project_in(S.SUBMITTED)
    participant = project.participants.first()
    client.force_login(village_head)
    r = client.post(
        reverse("projects:participant_edit", args=[project.pk, participant.pk]),
        {"version": project.version, "shares": 3, "note": "Ghi chú vừa gõ"},
    )
    assert r.status_code == 200 and "thôn không sửa được nữa" in r.content.decode()
    assert "Ghi chú vừa gõ" in r.content.decode()
    participant.refresh_from_db()
    assert participant.shares == 1


def test_stored_labels_map_back_to_parameters():
    from projects.event_labels import params_from_label

    assert params_from_label("complaint", "Tiếp nhận phản ánh của Lê Văn Tám") == {"who": "Lê Văn Tám"}
    assert params_from_label("complaint", "Feedback received from Lê Văn Tám") == {"who": "Lê Văn Tám"}
    assert params_from_label("complaint_resolved", "Feedback from Lê Văn Tám resolved") == {
        "who": "Lê Văn Tám"
    }
    assert params_from_label("complaint_resolved", "Giải quyết phản ánh của Tám") == {"who": "Tám"}


def test_the_event_migration_keeps_what_old_labels_carried(english):
    import importlib

    migration = importlib.import_module("projects.migrations.0003_life_and_routes")

    class Row:
        def __init__(self, kind, label):
            self.kind, self.label, self.params, self.saved = kind, label, {}, False

        def save(self, update_fields):
            self.saved = update_fields == ["params"]

    rows = [
        Row("complaint", "Feedback received from Lê Văn Tám"),
        Row("submit", "Send to the commune"),
        Row("ghi_tay", "Họp thôn bất thường"),
    ]

    class Manager:
        def filter(self, kind__in):
            return [r for r in rows if r.kind in kind__in]

        def exclude(self, kind__in):
            return [r for r in rows if r.kind not in kind__in]

        def only(self, *fields):
            return self

    class Registry:
        def get_model(self, app, name):
            return type("Event", (), {"objects": Manager()})

    Manager.filter = lambda self, kind__in: Rows([r for r in rows if r.kind in kind__in])
    Manager.exclude = lambda self, kind__in: Rows([r for r in rows if r.kind not in kind__in])
    migration.labels_to_params(Registry(), None)
    complaint, submit, by_hand = rows
    assert complaint.params == {"who": "Lê Văn Tám"} and complaint.saved
    assert submit.params == {}  # a move: its words come from Project.MOVES, in the reader's language
    assert by_hand.params == {"text": "Họp thôn bất thường"}
    assert Event(kind="ghi_tay", params=by_hand.params).label == "Họp thôn bất thường"
    with translation.override("en"):
        assert Event(kind="complaint", params=complaint.params).label == "Feedback received from Lê Văn Tám"


class Rows(list):
    def only(self, *fields):
        return self


@pytest.mark.parametrize(
    ("person", "status"),
    [("officer", 200), ("leader", 200), ("bcd_member", 403), ("village_head", 403), ("upper_viewer", 403)],
    indirect=["person"],
)
def test_who_records_the_upper_return_and_completion(client, project_in, person, status):
    upward = project_in(S.SUBMITTED_UPWARD)
    running = project_in(S.IMPLEMENTING, name="Dự án đang triển khai")
    client.force_login(person)
    assert client.get(reverse("projects:upper_return", args=[upward.pk])).status_code == status
    assert client.get(reverse("projects:complete", args=[running.pk])).status_code == status


def test_re_proposing_a_refused_project_leaves_out_households_now_held_elsewhere(
    client, project_in, make_project, village_head
):
    refused = project_in(S.REFUSED)
    taken = refused.participants.first().household
    other = make_project(households=0, name="Nuôi gà")
    services.add_participant(other, taken, by=village_head, version=None)
    services.update_participant(
        other.participants.get(), by=village_head, version=None, commitment_signed_on=today()
    )
    services.submit_project(other, by=village_head, version=None)
    client.force_login(village_head)
    r = client.post(
        reverse("projects:repropose", args=[refused.pk]), {"round": refused.round_id}, follow=True
    )
    copy = Project.objects.get(copied_from=refused)
    assert copy.participants.count() == 2
    assert f"Không đưa vào đề xuất mới: {taken.head_name}" in r.content.decode()


def test_a_draft_cannot_be_sent_once_its_round_is_closed_but_a_returned_dossier_can(
    project_in, make_project, officer, village_head
):
    returned = project_in(S.RETURNED)
    draft = make_project(households=0, name="Nuôi gà")
    services.close_round(returned.round, by=officer)
    with pytest.raises(services.WorkflowError, match="không nhận thêm đề xuất mới"):
        services.submit_project(draft, by=village_head, version=None)
    assert services.submit_project(returned, by=village_head, version=None).status == S.SUBMITTED


def test_the_audit_trail_names_edited_fields_in_words(client, make_project, village_head, leader):
    project = make_project(households=0)
    services.update_project(project, by=village_head, version=None, duration_months=30)
    client.force_login(leader)
    page = client.get(reverse("audit_list")).content.decode()
    assert "Thời gian thực hiện (tháng)" in page and "duration_months" not in page
