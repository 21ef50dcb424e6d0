"""The document register: issue once, number gap-free, store the bytes, serve them unchanged."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from pypdf import PdfReader

from giamngheo.documents import register
from giamngheo.documents.models import DocumentKind, DocumentSequence, IssuedDocument, Signatory
from giamngheo.models import AuditEntry

NOTICE = "reports/pdf/notice.html"
ISSUED_ON = dt.date(2026, 2, 5)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def chairman(commune) -> Signatory:
    signatory = Signatory.objects.create(
        commune=commune, full_name="Trần Văn Thành", position="Chủ tịch", authority="TM. ỦY BAN NHÂN DÂN"
    )
    signatory.kinds.add(DocumentKind.objects.get(code="thong_bao"))
    return signatory


@pytest.fixture
def deputy(commune) -> Signatory:
    signatory = Signatory.objects.create(
        commune=commune,
        full_name="Lê Văn Bình",
        position="Phó Chủ tịch",
        authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        order=1,
    )
    signatory.kinds.add(DocumentKind.objects.get(code="thong_bao"))
    return signatory


def issue_notice(target, by, **kw):
    return register.issue(
        kind="thong_bao",
        target=target,
        template=NOTICE,
        snapshot={"paragraphs": kw.pop("paragraphs", ["Nội dung thông báo."]), "on": ISSUED_ON},
        summary=kw.pop("summary", "Về việc đăng ký tham gia dự án"),
        issued_on=kw.pop("issued_on", ISSUED_ON),
        by=by,
        **kw,
    )


def test_the_kinds_a_commune_issues_are_data_with_their_suffix(db):
    kinds = dict(DocumentKind.objects.values_list("code", "suffix"))
    assert kinds["to_trinh"] == "TTr-UBND"
    assert kinds["bb_bcd"] == "BB-BCĐ"
    assert kinds["thong_bao"] == "TB-UBND"
    assert kinds["quyet_dinh"] == "QĐ-UBND"
    assert kinds["bao_cao"] == "BC-UBND"
    assert kinds["cam_ket"] == ""  # a household's commitment carries no number


def test_issuing_numbers_stores_and_audits_the_document(village_a, leader, chairman):
    doc = issue_notice(village_a, leader)

    assert doc.number == "1/TB-UBND"
    assert doc.signer_name == "Trần Văn Thành"
    assert doc.signer_position == "CHỦ TỊCH"
    data = doc.file.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == doc.sha256
    text = text_of(data)
    assert "Số: 1/TB-UBND" in text
    assert "Phú Vinh, ngày 05 tháng 02 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Trần Văn Thành" in text
    assert "Nơi nhận:" in text and "Lưu: VT." in text
    assert "DỰ THẢO" not in text
    entry = AuditEntry.objects.get(action="document.issued")
    assert (
        entry.actor == leader and entry.data["number"] == "1/TB-UBND" and entry.commune == village_a.commune
    )


def test_the_snapshot_is_stored_as_plain_json(village_a, leader):
    doc = issue_notice(village_a, leader)
    doc.refresh_from_db()
    assert doc.snapshot == {"paragraphs": ["Nội dung thông báo."], "on": "2026-02-05"}


def test_a_deputy_signs_for_the_chairman_when_chosen(village_a, leader, chairman, deputy):
    doc = issue_notice(village_a, leader, signatory=deputy)
    text = text_of(register.read(doc))
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Lê Văn Bình" in text


def test_a_signatory_not_named_for_the_kind_is_refused(village_a, leader, commune):
    stranger = Signatory.objects.create(commune=commune, full_name="Ai Đó", position="Chủ tịch")
    with pytest.raises(register.DocumentError, match="không được giao ký"):
        issue_notice(village_a, leader, signatory=stranger)
    assert not IssuedDocument.objects.exists()
    assert DocumentSequence.objects.filter(last_number__gt=0).count() == 0


def test_issuing_twice_is_refused_and_takes_no_number(village_a, leader):
    issue_notice(village_a, leader)
    with pytest.raises(register.DocumentError, match="đã được ban hành"):
        issue_notice(village_a, leader)
    assert IssuedDocument.objects.count() == 1
    assert DocumentSequence.objects.get(suffix="TB-UBND").last_number == 1


def test_numbers_run_per_commune_suffix_and_year(village_a, village_b, other_village, leader):
    first = issue_notice(village_a, leader)
    second = issue_notice(village_b, leader)
    next_year = register.issue(
        kind="to_trinh",
        target=village_a,
        template=NOTICE,
        snapshot={"paragraphs": []},
        summary="x",
        issued_on=dt.date(2027, 1, 4),
        by=leader,
    )
    elsewhere = issue_notice(other_village, leader)
    assert [first.number, second.number, next_year.number, elsewhere.number] == [
        "1/TB-UBND",
        "2/TB-UBND",
        "1/TTr-UBND",
        "1/TB-UBND",
    ]


def test_a_draft_says_so_and_has_no_number(village_a, chairman):
    pdf = register.preview(
        kind="thong_bao", target=village_a, template=NOTICE, snapshot={"paragraphs": ["Nội dung."]}
    )
    text = text_of(pdf)
    assert "DỰ THẢO" in text
    assert "Số:" in text and "/TB-UBND" in text and "1/TB-UBND" not in text
    assert not IssuedDocument.objects.exists()
    assert not DocumentSequence.objects.exists()


def test_a_correction_replaces_the_old_which_stays_readable(village_a, leader):
    old = issue_notice(village_a, leader, paragraphs=["Hạn đăng ký 10/02/2026."])
    old_bytes = register.read(old)

    with pytest.raises(register.DocumentError, match="lý do"):
        register.replace(old, snapshot={"paragraphs": ["x"]}, reason=" ", issued_on=ISSUED_ON, by=leader)

    new = register.replace(
        old,
        snapshot={"paragraphs": ["Hạn đăng ký 20/02/2026."]},
        reason="Ghi sai hạn đăng ký",
        issued_on=dt.date(2026, 2, 6),
        by=leader,
    )
    assert new.number == "2/TB-UBND" and new.replaces == old
    old.refresh_from_db()
    assert old.replaced_by == new
    assert register.read(old) == old_bytes
    assert "20/02/2026" in text_of(register.read(new))
    assert list(register.current_for(village_a)) == [new]
    with pytest.raises(register.DocumentError, match="đã được thay thế"):
        register.replace(old, snapshot={}, reason="again", issued_on=ISSUED_ON, by=leader)
    assert AuditEntry.objects.filter(action="document.replaced", data__reason="Ghi sai hạn đăng ký").exists()


def test_a_file_changed_on_disk_is_not_served_as_the_document(village_a, leader):
    doc = issue_notice(village_a, leader)
    with open(doc.file.path, "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(register.DocumentError, match="bị thay đổi"):
        register.read(doc)


def test_stored_file_name_does_not_come_from_the_content(village_a, leader, settings):
    doc = issue_notice(village_a, leader)
    assert doc.file.path.startswith(str(settings.PRIVATE_ROOT))
    assert doc.file.name.startswith("2026/") or doc.file.name[:4].isdigit()
    assert doc.filename == "1-TB-UBND.pdf"


# ---- serving ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("officer", 200),
        ("leader", 200),
        ("bcd_member", 200),
        ("supervisor", 200),
        ("village_head", 200),
        ("village_head_b", 404),
        ("upper_viewer", 200),
        ("other_officer", 404),
    ],
    indirect=["person"],
)
def test_downloading_a_village_document_follows_the_village_scope(client, person, status, village_a, leader):
    doc = issue_notice(village_a, leader)
    client.force_login(person)
    response = client.get(doc.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response) if hasattr(response, "streaming_content") else response.content


def test_two_downloads_are_byte_identical_to_what_was_issued(client, village_a, leader):
    doc = issue_notice(village_a, leader)
    client.force_login(leader)
    first = client.get(doc.get_absolute_url()).content
    second = client.get(doc.get_absolute_url()).content
    assert first == second == register.read(doc)
    assert hashlib.sha256(first).hexdigest() == doc.sha256


def test_anonymous_download_goes_to_login(client, village_a, leader):
    doc = issue_notice(village_a, leader)
    response = client.get(doc.get_absolute_url())
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
