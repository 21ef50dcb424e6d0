"""The project's documents are issued records: issued in the step that records them, frozen as the
bytes printed, served unchanged after the data changes, corrected only by a new document."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from giamngheo.documents import register
from giamngheo.documents.models import DocumentKind, DocumentSequence, IssuedDocument, Signatory
from households.models import Household
from projects import meetings, services, snapshots
from projects.models import BcdDecision, BcdMeeting, Project, RuleSet, SupportItem

MOTTO = "Độc lập - Tự do - Hạnh phúc"
S = Project.Status


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def download(client, url: str) -> bytes:
    r = client.get(url, follow=True)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Cache-Control"] == "private, no-store"
    return r.content


def place_date(day: dt.date | None = None) -> str:
    day = day or timezone.localdate()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"Phú Vinh, ngày {day.day:02d} tháng {month} năm {day.year}"


@pytest.fixture
def signers(commune):
    """The commune's signatories as the settings screen names them."""
    kinds = {k.code: k for k in DocumentKind.objects.all()}
    chairman = Signatory.objects.create(
        commune=commune, full_name="Trần Văn Thành", position="Chủ tịch", authority="TM. ỦY BAN NHÂN DÂN"
    )
    chairman.kinds.add(kinds["to_trinh"], kinds["thong_bao"])
    deputy = Signatory.objects.create(
        commune=commune,
        full_name="Lê Văn Bình",
        position="Phó Chủ tịch",
        authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        order=1,
    )
    deputy.kinds.add(kinds["to_trinh"], kinds["thong_bao"])
    head = Signatory.objects.create(
        commune=commune, full_name="Trần Văn Thành", position="Trưởng ban", authority="TM. BAN CHỈ ĐẠO"
    )
    head.kinds.add(kinds["bb_bcd"])
    return {"chairman": chairman, "deputy": deputy, "bcd_head": head}


@pytest.fixture
def approved(signers, project_in):
    return project_in(S.APPROVED)


def docs_of(project) -> dict[str, IssuedDocument]:
    from projects.documents import project_documents

    return {doc.kind.code: doc for doc in project_documents(project) if doc.successor is None}


# ---- every numbered document the workflow produces is issued ------------------------------------


def test_the_workflow_issues_each_document_once_with_its_number(approved):
    issued = docs_of(approved)
    assert set(issued) == {"de_xuat", "bb_niem_yet", "bb_bcd", "to_trinh"}
    assert issued["to_trinh"].number == "1/TTr-UBND" == approved.submission_number
    assert issued["bb_bcd"].number == "1/BB-BCĐ"
    # The village's papers take no UBND number.
    assert issued["de_xuat"].number == "" and issued["bb_niem_yet"].number == ""
    assert not DocumentSequence.objects.filter(suffix="TB-UBND").exists()
    for doc in issued.values():
        assert MOTTO in text_of(register.read(doc))


@pytest.mark.parametrize("kind", ["de_xuat", "bb_niem_yet", "bb_bcd", "to_trinh"])
@pytest.mark.parametrize("person", ["officer", "village_head", "bcd_member", "upper_viewer"], indirect=True)
def test_the_project_page_links_each_stored_document(client, approved, person, kind):
    client.force_login(person)
    page = client.get(approved.get_absolute_url()).content.decode()
    doc = docs_of(approved)[kind]
    if kind == "bb_bcd" and person.username == "truongthon.a":
        # The minutes covers every project of the meeting, other villages' too.
        assert reverse("documents:file", args=[doc.pk]) not in page
        assert client.get(reverse("documents:file", args=[doc.pk])).status_code == 404
        return
    assert reverse("documents:file", args=[doc.pk]) in page
    assert download(client, reverse("documents:file", args=[doc.pk])) == register.read(doc)


def test_old_print_urls_serve_the_stored_bytes(client, approved, officer):
    client.force_login(officer)
    issued = docs_of(approved)
    decision = approved.bcd_decisions.get()
    posting = approved.postings.get()
    urls = {
        "de_xuat": reverse("projects:proposal_pdf", args=[approved.pk]),
        "bb_bcd": reverse("projects:bcd_minutes_pdf", args=[approved.pk, decision.pk]),
        "to_trinh": reverse("projects:submission_pdf", args=[approved.pk]),
        "bb_niem_yet": reverse("projects:posting_notice_pdf", args=[approved.pk, posting.pk]),
    }
    for kind, url in urls.items():
        assert download(client, url) == register.read(issued[kind])


def test_documents_of_another_commune_are_404(client, approved, other_officer):
    client.force_login(other_officer)
    for doc in docs_of(approved).values():
        assert client.get(reverse("documents:file", args=[doc.pk])).status_code == 404
    assert client.get(reverse("projects:submission_pdf", args=[approved.pk])).status_code == 404


# ---- frozen: the data changes, the document does not --------------------------------------------


def test_changing_households_prices_and_rules_leaves_every_stored_file_unchanged(client, approved, officer):
    client.force_login(officer)
    before = {
        kind: download(client, reverse("documents:file", args=[doc.pk]))
        for kind, doc in docs_of(approved).items()
    }
    Household.objects.filter(project_participations__project=approved).update(head_name="Tên Đã Đổi")
    SupportItem.objects.filter(project=approved).update(unit_price=99_000_000)
    RuleSet.objects.filter(pk=approved.rule_set_id).update(
        commitment_clauses=["Điều khoản mới."], rotation_rule=""
    )
    after = {
        kind: download(client, reverse("documents:file", args=[doc.pk]))
        for kind, doc in docs_of(approved).items()
    }
    assert after == before
    assert "Hộ thử 1" in text_of(after["to_trinh"]) and "Tên Đã Đổi" not in text_of(after["to_trinh"])


def test_two_downloads_are_byte_identical(client, approved, leader):
    client.force_login(leader)
    url = reverse("documents:file", args=[docs_of(approved)["to_trinh"].pk])
    assert download(client, url) == download(client, url)


# ---- the tờ trình ---------------------------------------------------------------------------------


def test_submission_prints_the_decree_30_format(approved):
    text = flat(text_of(register.read(docs_of(approved)["to_trinh"])))
    assert "Số: 1/TTr-UBND" in text and place_date() in text and "Xã Phú Vinh, ngày" not in text
    assert "Kính gửi: Sở Nông nghiệp và Môi trường thành phố Huế." in text
    assert "Cấp có thẩm quyền" not in text
    assert "Ủy ban nhân dân xã Phú Vinh kính trình" in text
    # legal bases: the program decision, the management decree, the rule set's basis, the minutes
    program = approved.round.component.program
    assert f"Căn cứ {program.decision}" in text  # the program's decision
    assert (
        "Căn cứ Nghị định số" in text and "cơ chế quản lý, tổ chức thực hiện" in text
    )  # the management decree
    assert f"Căn cứ {approved.rule_set.name}" in text or f"Căn cứ {approved.rule_set.legal_basis}" in text
    assert "Biên bản họp Ban Chỉ đạo giảm nghèo xã số 1/BB-BCĐ" in text
    assert "Địa điểm: thôn Hà Thượng; thời gian" in text and "Thôn Hà Thượng, Thôn Hà Thượng" not in text
    assert (
        "Nơi nhận:" in text
        and "- Trưởng thôn Hà Thượng;" in text
        and text.index("- Lưu: VT.") > text.index("Nơi nhận:")
    )
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text and "Trần Văn Thành" in text
    # the participant list is attached
    assert "PHỤ LỤC" in text and "Kèm theo Tờ trình số 1/TTr-UBND" in text and "Hộ thử 3" in text


def test_a_deputy_chosen_at_issue_signs_for_the_chairman(client, signers, project_in, officer):
    project = project_in(S.AGREED)
    client.force_login(officer)
    form = client.get(reverse("projects:submit_upward", args=[project.pk])).content.decode()
    assert "Lê Văn Bình" in form and f'value="{signers["chairman"].pk}" selected' in form
    client.post(
        reverse("projects:submit_upward", args=[project.pk]),
        {
            "version": project.version,
            "submission_date": timezone.localdate().isoformat(),
            "signatory": signers["deputy"].pk,
        },
    )
    doc = register.current_for(project, "to_trinh").get()
    text = flat(text_of(register.read(doc)))
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Lê Văn Bình" in text


def test_a_draft_of_the_submission_is_offered_before_issue(client, signers, project_in, officer):
    project = project_in(S.AGREED)
    client.force_login(officer)
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("projects:submission_pdf", args=[project.pk]) in page
    text = flat(text_of(download(client, reverse("projects:submission_pdf", args=[project.pk]))))
    assert "DỰ THẢO" in text and "/TTr-UBND" in text and "1/TTr-UBND" not in text
    assert not IssuedDocument.objects.filter(kind__code="to_trinh").exists()
    assert not DocumentSequence.objects.filter(suffix="TB-UBND").exists()


def test_no_submission_is_issued_without_the_approving_body_in_the_settings(
    client, signers, project_in, officer, commune
):
    project = project_in(S.AGREED)
    commune.reports_to_name = ""
    commune.save()
    client.force_login(officer)
    form_page = client.get(reverse("projects:submit_upward", args=[project.pk])).content.decode()
    assert "Cài đặt của xã" in form_page
    r = client.post(
        reverse("projects:submit_upward", args=[project.pk]),
        {"version": project.version, "submission_date": timezone.localdate().isoformat()},
    )
    assert r.status_code == 200 and "Kính gửi" in r.content.decode()
    project.refresh_from_db()
    assert project.status == S.AGREED and project.submission_number == ""
    assert not IssuedDocument.objects.filter(kind__code="to_trinh").exists()
    assert not DocumentSequence.objects.filter(suffix="TTr-UBND").exists()


# ---- correction -----------------------------------------------------------------------------------


def test_the_leader_issues_a_replacement_and_the_old_one_stays_readable(client, approved, leader):
    old = docs_of(approved)["to_trinh"]
    old_bytes = register.read(old)
    client.force_login(leader)
    page = client.get(approved.get_absolute_url()).content.decode()
    url = reverse("documents:replace", args=[old.pk])
    assert url in page
    r = client.post(url, {"reason": " ", "issued_on": timezone.localdate().isoformat()})
    assert r.status_code == 200 and "Cần ghi lý do" in r.content.decode()
    assert IssuedDocument.objects.filter(kind__code="to_trinh").count() == 1
    r = client.post(
        url,
        {
            "reason": "Ghi sai tên mô hình",
            "issued_on": timezone.localdate().isoformat(),
            "signatory": old.signatory_id,
        },
    )
    assert r.status_code == 302
    old.refresh_from_db()
    new = old.successor
    assert new.number == "2/TTr-UBND" and new.correction_reason == "Ghi sai tên mô hình"
    assert register.read(old) == old_bytes
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "đã bị thay thế bởi số 2/TTr-UBND" in page
    # replaced once: no second replacement of the old one
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "person", ["village_head", "bcd_member", "supervisor", "upper_viewer"], indirect=True
)
def test_those_who_may_not_issue_a_submission_may_not_replace_it(client, approved, person):
    doc = docs_of(approved)["to_trinh"]
    client.force_login(person)
    assert client.get(reverse("documents:replace", args=[doc.pk])).status_code == 403
    assert client.post(reverse("documents:replace", args=[doc.pk]), {"reason": "x"}).status_code == 403


def test_a_resubmitted_proposal_replaces_the_one_sent_before(project_in, village_head, officer):
    project = project_in(S.RETURNED)
    first = register.current_for(project, "de_xuat").get()
    project = services.submit_project(project, by=village_head, version=project.version)
    first.refresh_from_db()
    assert first.successor is not None and "gửi lại" in first.successor.correction_reason


# ---- the BCĐ: one meeting, one minutes ------------------------------------------------------------


def test_one_meeting_on_two_projects_issues_one_minutes(signers, project_in, bcd_member, commune):
    first = project_in(S.BCD_REVIEW)
    second = project_in(
        S.BCD_REVIEW, name="Nuôi dê sinh sản thôn Hà Thượng", model="Nuôi dê sinh sản", households=2
    )
    meeting = meetings.record_bcd_meeting(
        commune,
        by=bcd_member,
        date=timezone.localdate(),
        start_time=dt.time(14, 0),
        end_time=dt.time(16, 30),
        place="Hội trường UBND xã",
        members_total=9,
        members_present=7,
        attendees="Trần Văn Thành – Trưởng ban\nLê Thị Mỹ Lệ – Thành viên",
        chair="Trần Văn Thành",
        secretary="Nguyễn Thị Thu Hà",
        signatory=signers["bcd_head"],
        conclusions=[
            meetings.Conclusion(first, BcdDecision.Conclusion.AGREE, 7, 0, "", first.version),
            meetings.Conclusion(
                second, BcdDecision.Conclusion.RETURN, 2, 5, "Thiếu bản cam kết", second.version
            ),
        ],
    )
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (S.AGREED, S.RETURNED)
    docs = IssuedDocument.objects.filter(kind__code="bb_bcd")
    assert docs.count() == 1 and meeting.number == "1/BB-BCĐ"
    assert DocumentSequence.objects.get(suffix="BB-BCĐ").last_number == 1
    text = flat(text_of(register.read(docs.get())))
    assert "Số: 1/BB-BCĐ" in text and place_date() in text
    assert "vào lúc 14 giờ 00" in text and "16 giờ 30" in text and "có mặt 7/9 thành viên" in text
    assert "Nuôi bò cái sinh sản thôn Hà Thượng" in text and "Nuôi dê sinh sản thôn Hà Thượng" in text
    assert "trả lại để bổ sung, chỉnh sửa" in text and "Thiếu bản cam kết" in text
    assert "TM. BAN CHỈ ĐẠO TRƯỞNG BAN" in text and "Nơi nhận:" in text and "- Lưu: VT." in text
    assert "UBND XÃ PHÚ VINH" in text and "BAN CHỈ ĐẠO GIẢM NGHÈO" in text
    assert "Biên bản họp BCĐ số 1/BB-BCĐ" in first.events.order_by("-pk").first().document_text


def test_a_meeting_refused_for_one_project_moves_none(signers, project_in, bcd_member, commune):
    first = project_in(S.BCD_REVIEW)
    second = project_in(S.SUBMITTED, name="Nuôi dê")
    with pytest.raises(services.WorkflowError):
        meetings.record_bcd_meeting(
            commune,
            by=bcd_member,
            date=timezone.localdate(),
            members_total=3,
            members_present=3,
            attendees="A\nB\nC",
            chair="A",
            secretary="B",
            conclusions=[
                meetings.Conclusion(first, BcdDecision.Conclusion.AGREE, 3),
                meetings.Conclusion(second, BcdDecision.Conclusion.AGREE, 3),
            ],
        )
    first.refresh_from_db()
    assert first.status == S.BCD_REVIEW and not BcdMeeting.objects.exists()
    assert not IssuedDocument.objects.filter(kind__code="bb_bcd").exists()


def test_decisions_recorded_before_meetings_become_meetings_keeping_their_number(project_in, bcd_member):
    from importlib import import_module

    from django.apps import apps

    project = project_in(S.REJECTED)
    decision = project.bcd_decisions.get()
    legacy = BcdDecision.objects.create(
        project=project,
        meeting_date=decision.meeting_date,
        members_present="A\nB",
        votes_for=2,
        conclusion="agree",
        minutes_number="7/BB-BCĐ",
        chair="A",
        secretary="B",
        recorded_by=bcd_member,
    )
    migration = import_module("projects.migrations.0006_meetings_from_decisions_and_tagged_clauses")
    migration.decisions_to_meetings(apps, None)
    legacy.refresh_from_db()
    assert legacy.meeting.number == "7/BB-BCĐ" and legacy.meeting.members_present == 2


# ---- posting, proposal, commitment -----------------------------------------------------------------


def test_the_posting_minutes_prints_what_the_checklist_asks(project_in, village_head):
    project = project_in(S.SUBMITTED)
    today = timezone.localdate()
    services.record_complaint(
        project,
        by=village_head,
        received_on=today - dt.timedelta(days=2),
        complainant="Bà Lê Thị Hoa",
        content="Hộ tôi chưa có tên",
    )
    posting = services.record_posting(
        project,
        by=village_head,
        posted_from=today - dt.timedelta(days=7),
        posted_to=today,
        place="Nhà văn hóa thôn Hà Thượng",
        witnesses="Nguyễn Văn An – Bí thư chi bộ thôn\nPhạm Thị Bé – Chi hội Phụ nữ",
        village_head="Phan Văn Lợi",
    )
    doc = register.current_for(posting, "bb_niem_yet").get()
    text = flat(text_of(register.read(doc)))
    assert "BIÊN BẢN NIÊM YẾT CÔNG KHAI" in text and "THÔN HÀ THƯỢNG" in text and "Số:" not in text
    assert "Địa điểm niêm yết: Nhà văn hóa thôn Hà Thượng" in text
    assert f"từ ngày {(today - dt.timedelta(days=7)):%d/%m/%Y} đến ngày {today:%d/%m/%Y} (8 ngày)" in text
    assert "Nguyễn Văn An – Bí thư chi bộ thôn" in text and "Phạm Thị Bé" in text
    assert "1 ý kiến" in text and "Bà Lê Thị Hoa: Hộ tôi chưa có tên" in text
    assert "Phan Văn Lợi" in text and "Nơi nhận:" in text and "- Lưu: VT." in text


def test_the_proposal_numbers_its_items_without_a_gap_and_states_the_scale(signers, project_in):
    project = project_in(S.SUBMITTED)
    text = flat(text_of(register.read(register.current_for(project, "de_xuat").get())))
    numbers = [int(n) for n in __import__("re").findall(r"(\d)\. [A-ZĐ][^:]{2,40}:", text)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 9
    assert "4. Quy mô: 3 hộ tham gia (3 suất); 3 con bò cái sinh sản." in text
    assert "Kính gửi: Ủy ban nhân dân xã Phú Vinh." in text


def commitment_text(client, project, person) -> str:
    participant = project.participants.first()
    client.force_login(person)
    return flat(
        text_of(download(client, reverse("projects:commitment_pdf", args=[project.pk, participant.pk])))
    )


def test_commitment_counts_whole_animals_multiplies_by_shares_and_prints_each_clause_once(
    client, signers, project_in, village_head
):
    project = project_in(S.SUBMITTED)
    participant = project.participants.first()
    participant.shares = 2
    participant.save()
    text = commitment_text(client, project, village_head)
    assert "Bò cái sinh sản con 2 20.000.000 40.000.000" in text  # 2 shares × 1 con × 20 triệu
    assert "1,00" not in text
    assert "Tổng cộng 50.000.000" in text
    assert "Thời gian cam kết: 24 tháng" in text
    assert text.count("Luân chuyển con giống") == 1 and "Thực hiện luân chuyển:" not in text
    assert text.count("hoàn trả toàn bộ giá trị") == 1
    assert "Làm chuồng trại" in text and "Số:" not in text


def test_a_crop_projects_commitment_has_no_livestock_clauses(client, signers, make_project, village_head):
    project = make_project(name="Trồng cam thôn Hà Thượng", model="Trồng cam sành")
    text = commitment_text(client, project, village_head)
    assert "Sử dụng đúng mục đích" in text
    assert "Làm chuồng trại" not in text and "Tiêm phòng" not in text and "Luân chuyển con giống" not in text


def test_commitment_masks_the_id_for_roles_that_may_not_see_it(
    client, signers, project_in, bcd_member, village_head
):
    project = project_in(S.SUBMITTED)
    head = project.participants.first().household.members.get()
    assert head.id_number in commitment_text(client, project, village_head)
    text = commitment_text(client, project, bcd_member)
    assert head.id_number not in text and head.id_number[-3:] in text


def test_quantities_print_as_counted():
    from decimal import Decimal

    assert snapshots.quantity_text(Decimal("1.00"), "con") == "1"
    assert snapshots.quantity_text(Decimal("2.50"), "kg") == "2,5"
    assert snapshots.quantity_text(Decimal("1200"), "kg") == "1.200"


def test_printing_a_commitment_is_logged_with_whether_the_id_was_whole(
    client, approved, bcd_member, village_head
):
    from giamngheo.models import AuditEntry

    participant = approved.participants.first()
    url = reverse("projects:commitment_pdf", args=[approved.pk, participant.pk])
    client.force_login(village_head)
    client.get(url)
    client.force_login(bcd_member)
    client.get(url)
    entries = AuditEntry.objects.filter(
        action="personal_data.exported", data__what="commitment.pdf"
    ).order_by("pk")
    assert [(e.actor, e.data["id_numbers"]) for e in entries] == [(village_head, True), (bcd_member, False)]


def test_downloading_an_issued_document_is_logged(client, approved, officer):
    from giamngheo.models import AuditEntry

    doc = docs_of(approved)["to_trinh"]
    client.force_login(officer)
    download(client, reverse("documents:file", args=[doc.pk]))
    entry = AuditEntry.objects.get(action="personal_data.exported", data__what="to_trinh.pdf")
    assert entry.actor == officer and entry.data["filters"] == {"number": "1/TTr-UBND"}


def test_minutes_numbered_before_the_register_keep_their_number_on_the_page(
    client, approved, officer, bcd_member
):
    legacy = BcdDecision.objects.create(
        project=approved,
        meeting=BcdMeeting.objects.create(
            commune=approved.commune,
            date=timezone.localdate(),
            members_total=2,
            members_present=2,
            attendees="A\nB",
            chair="A",
            secretary="B",
            number="7/BB-BCĐ",
            recorded_by=bcd_member,
        ),
        meeting_date=timezone.localdate(),
        members_present="A\nB",
        votes_for=2,
        conclusion="agree",
        minutes_number="7/BB-BCĐ",
        recorded_by=bcd_member,
    )
    client.force_login(officer)
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "Biên bản họp BCĐ số 7/BB-BCĐ" in page and "không lưu bản PDF" in page
    assert "số 1/BB-BCĐ ngày" in page and page.count("không lưu bản PDF") == 1
    assert legacy.meeting_id
