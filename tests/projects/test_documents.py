"""The project's printed documents: HTML asserts for their contents, and one PDF text
extraction per document type to prove the font carries every Vietnamese letter."""

from __future__ import annotations

import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from projects import services
from projects.models import Project

MOTTO = "Độc lập - Tự do - Hạnh phúc"


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def approved(project_in):
    return project_in(Project.Status.APPROVED)


def urls(project):
    participant = project.participants.first()
    decision = project.bcd_decisions.first()
    posting = project.postings.first()
    return {
        "proposal": reverse("projects:proposal_pdf", args=[project.pk]),
        "commitment": reverse("projects:commitment_pdf", args=[project.pk, participant.pk]),
        "bcd_minutes": reverse("projects:bcd_minutes_pdf", args=[project.pk, decision.pk]),
        "submission": reverse("projects:submission_pdf", args=[project.pk]),
        "posting_notice": reverse("projects:posting_notice_pdf", args=[project.pk, posting.pk]),
    }


EXPECTED = {
    "proposal": ["ĐƠN ĐỀ NGHỊ VÀ PHƯƠNG ÁN HỖ TRỢ", "Nuôi bò cái sinh sản", "Hộ thử 1"],
    "commitment": ["BẢN CAM KẾT", "Tôi xin cam kết", "Không bán, cho, trao đổi"],
    "bcd_minutes": ["BIÊN BẢN", "1/BB-BCĐ", "Lê Thị Mỹ Lệ"],
    "submission": ["TỜ TRÌNH", "1/TTr-UBND", "TM. ỦY BAN NHÂN DÂN"],
    "posting_notice": ["THÔNG BÁO", "1/TB-UBND", "Nhà văn hóa thôn"],
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_document_is_a_pdf_with_the_motto_intact(client, approved, officer, kind):
    client.force_login(officer)
    r = client.get(urls(approved)[kind])
    assert r.status_code == 200
    text = pdf_text(r)
    assert MOTTO in text
    assert EXPECTED[kind][0] in text


def html(template, context):
    return render_to_string(f"reports/pdf/{template}", context)


def test_proposal_html_lists_participants_budget_and_meeting(approved):
    from projects import eligibility
    from projects.documents import _official

    context = _official(approved) | {
        "verdict": eligibility.assess(approved),
        "items": approved.items.all(),
        "doc": {"issued_on": approved.created_at.date()},
    }
    body = html("project_proposal.html", context)
    assert MOTTO in body and "Kính gửi: Ủy ban nhân dân Xã Phú Vinh." in body
    for name in ("Hộ thử 1", "Hộ thử 2", "Hộ thử 3"):
        assert name in body
    assert "60.000.000" in body and "75.000.000" in body  # state and total
    assert "90% đồng ý" in body
    assert "luân chuyển" in body


def test_commitment_is_prefilled_with_the_rule_sets_clauses(client, approved, officer, village_head, rules):
    participant = approved.participants.select_related("household").first()
    client.force_login(officer)
    r = client.get(urls(approved)["commitment"])
    text = pdf_text(r)
    assert participant.household.head_name in text
    for clause in rules.commitment_clauses[:2]:
        assert clause.split()[0] in text
    assert "Người cam kết".upper() in text.upper()


def test_commitment_masks_the_id_for_roles_that_may_not_see_it(client, approved, bcd_member, village_head):
    participant = approved.participants.select_related("household").first()
    head = participant.household.members.get()
    url = urls(approved)["commitment"]
    from projects.documents import commitment_pdf  # noqa: F401  (the view under test)

    client.force_login(village_head)
    assert head.id_number in pdf_text(client.get(url))
    client.force_login(bcd_member)
    text = pdf_text(client.get(url))
    assert head.id_number not in text and head.id_number[-3:] in text


def test_bcd_minutes_record_votes_and_conclusion(client, approved, officer):
    client.force_login(officer)
    text = pdf_text(client.get(urls(approved)["bcd_minutes"]))
    assert "3 đồng ý, 0 không đồng ý" in text and "đồng ý" in text


def test_submission_cites_the_bcd_minutes(client, approved, officer):
    client.force_login(officer)
    text = pdf_text(client.get(urls(approved)["submission"]))
    assert "Biên bản họp Ban Chỉ đạo giảm nghèo xã số 1/BB-BCĐ" in text.replace("\n", " ")


def test_submission_names_the_place_once_when_it_is_the_village(client, project_in, officer):
    """The proposal form suggests the village as the place: the tờ trình must not say it twice."""
    project = project_in(Project.Status.APPROVED, place="Thôn Hà Thượng")
    client.force_login(officer)
    text = pdf_text(client.get(urls(project)["submission"])).replace("\n", " ")
    assert "Địa điểm: Thôn Hà Thượng; thời gian" in text
    assert "Thôn Hà Thượng, Thôn Hà Thượng" not in text


def test_documents_of_another_commune_are_404(client, approved, other_officer):
    client.force_login(other_officer)
    for url in urls(approved).values():
        assert client.get(url).status_code == 404


def test_no_submission_pdf_before_the_submission_exists(client, project_in, officer):
    project = project_in(Project.Status.BCD_REVIEW)
    client.force_login(officer)
    assert client.get(reverse("projects:submission_pdf", args=[project.pk])).status_code == 404


def test_posting_notice_number_follows_the_commune_register(project_in, officer):
    first = project_in(Project.Status.SUBMITTED)
    second = project_in(Project.Status.SUBMITTED, name="Nuôi dê", households=1)
    from django.utils import timezone

    today = timezone.localdate()
    a = services.record_posting(first, by=officer, posted_from=today, posted_to=today, place="Nhà văn hóa")
    b = services.record_posting(second, by=officer, posted_from=today, posted_to=today, place="Nhà văn hóa")
    assert (a.notice_number, b.notice_number) == ("1/TB-UBND", "2/TB-UBND")


def test_printing_a_commitment_is_logged_with_whether_the_id_was_whole(
    client, approved, bcd_member, village_head
):
    from giamngheo.models import AuditEntry

    url = urls(approved)["commitment"]
    client.force_login(village_head)
    client.get(url)
    client.force_login(bcd_member)
    client.get(url)
    entries = AuditEntry.objects.filter(
        action="personal_data.exported", data__what="commitment.pdf"
    ).order_by("pk")
    assert [(e.actor, e.data["id_numbers"]) for e in entries] == [(village_head, True), (bcd_member, False)]
