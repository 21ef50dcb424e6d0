"""The public list as an issued notice: numbered once (TB-UBND), one signer, frozen."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from giamngheo.documents.models import DocumentKind, IssuedDocument, Signatory
from households.models import Household

PUBLIC = reverse("households:public_list")


def text_of(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages).split())


@pytest.fixture
def chairman(commune):
    signatory = Signatory.objects.create(
        commune=commune, full_name="Trần Văn Thành", position="Chủ tịch", authority="TM. ỦY BAN NHÂN DÂN"
    )
    signatory.kinds.add(DocumentKind.objects.get(code="thong_bao"))
    return signatory


def issue(client, household, signatory=None):
    data = {"village": household.village_id, "year": 2025}
    if signatory:
        data["signatory"] = signatory.pk
    return client.post(PUBLIC, data, follow=True)


def test_the_officer_issues_the_notice_and_every_download_is_the_stored_one(
    client, officer, village_head, household, chairman
):
    client.force_login(officer)
    form = client.get(PUBLIC).content.decode()
    assert "Ban hành thông báo" in form and "Trần Văn Thành" in form
    r = issue(client, household, chairman)
    doc = IssuedDocument.objects.get(kind__code="thong_bao")
    assert doc.number == "1/TB-UBND" and doc.key == "cong-khai-2025"
    text = text_of(r.content)
    assert "Số: 1/TB-UBND" in text and "Phú Vinh, ngày" in text and "DỰ THẢO" not in text
    assert "Nguyễn Thị Hương" in text and "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text and "Trần Văn Thành" in text
    assert "Nơi nhận:" in text and "- Lưu: VT." in text
    assert household.members.get().id_number not in text
    Household.objects.filter(pk=household.pk).update(head_name="Tên Khác")
    client.force_login(village_head)
    again = client.get(PUBLIC, {"village": household.village_id, "year": 2025}, follow=True)
    assert again.content == r.content
    # a second issue for the same village and year is refused and takes no number
    client.force_login(officer)
    r = client.post(PUBLIC, {"village": household.village_id, "year": 2025, "signatory": chairman.pk})
    assert r.status_code == 302
    assert IssuedDocument.objects.count() == 1
    from giamngheo.documents.models import DocumentSequence

    assert DocumentSequence.objects.get(suffix="TB-UBND").last_number == 1


def test_before_issue_the_download_is_a_draft_without_number(client, village_head, household):
    client.force_login(village_head)
    r = client.get(PUBLIC, {"village": household.village_id, "year": 2025})
    text = text_of(r.content)
    assert "DỰ THẢO" in text and "1/TB-UBND" not in text
    assert not IssuedDocument.objects.exists()


def test_a_village_head_may_not_issue_the_notice(client, village_head, household):
    client.force_login(village_head)
    assert "Ban hành thông báo" not in client.get(PUBLIC).content.decode()
    assert issue(client, household).status_code == 403
    assert not IssuedDocument.objects.exists()
