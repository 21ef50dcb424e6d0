"""On a 360-px phone: the commune leader issues a tờ trình (after looking at its draft), downloads
it twice (the same bytes), issues a correction with a reason, and finds both in the Sổ văn bản —
the old one marked as replaced by the new number."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from giamngheo.documents.models import DocumentKind, Signatory
from projects.models import Project
from tests.projects.conftest import (  # noqa: F401  (fixtures that build a project through the services)
    component,
    make_project,
    make_round,
    open_round,
    post,
    project_in,  # noqa: F811
    rules,
)


def pdf_text(body: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.django_db(transaction=True)
def test_leader_issues_downloads_and_corrects_a_submission_on_a_phone(
    page,
    live_server,
    login,
    guide_shot,
    project_in,  # noqa: F811
    leader,
    commune,
):
    chairman = Signatory.objects.create(
        commune=commune, full_name="Trần Văn Thành", position="Chủ tịch", authority="TM. ỦY BAN NHÂN DÂN"
    )
    chairman.kinds.add(DocumentKind.objects.get(code="to_trinh"))
    project = project_in(Project.Status.AGREED)

    login("chutich")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.get_by_role("link", name="Trình cấp trên").click()
    draft = page.request.get(live_server.url + page.locator("#draft-preview").get_attribute("href"))
    assert "DỰ THẢO" in pdf_text(draft.body())
    expect(page.get_by_label("Người ký")).to_have_value(str(chairman.pk))
    guide_shot("van-ban-ban-hanh-to-trinh", full_page=True)
    assert fits_the_phone(page)
    page.get_by_role("button", name="Ban hành tờ trình").click()
    page.wait_for_load_state()
    expect(page.locator("#project-status")).to_have_text("Đã trình cấp trên")

    link = page.locator("#project-documents a", has_text="Tờ trình số 1/TTr-UBND")
    href = live_server.url + link.get_attribute("href")
    first, second = page.request.get(href), page.request.get(href)
    assert first.headers["content-type"] == "application/pdf"
    assert first.headers["cache-control"] == "private, no-store"
    assert first.body() == second.body()
    text = pdf_text(first.body())
    assert "Số: 1/TTr-UBND" in text and "Kính gửi: Sở Nông nghiệp và Môi trường thành phố Huế." in text
    assert "DỰ THẢO" not in text

    page.locator("#project-documents").get_by_role(
        "link", name="Ban hành văn bản thay thế 1/TTr-UBND"
    ).click()
    page.get_by_label("Lý do ban hành văn bản thay thế").fill("Ghi sai thời gian thực hiện")
    assert fits_the_phone(page)
    page.get_by_role("button", name="Ban hành văn bản thay thế").click()
    page.wait_for_load_state()
    expect(page.locator("#messages")).to_contain_text("Đã ban hành văn bản thay thế số 2/TTr-UBND")
    expect(page.locator("#project-documents")).to_contain_text("đã bị thay thế bởi số 2/TTr-UBND")

    page.get_by_role("link", name="Sổ văn bản").first.click()
    table = page.locator("#register-table")
    expect(table).to_contain_text("1/TTr-UBND")
    expect(table).to_contain_text("2/TTr-UBND")
    expect(table).to_contain_text("đã bị thay thế bởi số 2/TTr-UBND")
    expect(table).to_contain_text("Ghi sai thời gian thực hiện")
    page.get_by_label("Số hoặc trích yếu").fill("to trinh nuoi bo")
    with page.expect_response(lambda r: "q=" in r.url) as searched:
        page.get_by_role("button", name="Tìm").click()
    assert searched.value.ok
    table = page.locator("#register-table")
    expect(table).not_to_contain_text("BB-BCĐ")  # typed without diacritics, only the tờ trình match
    expect(table).to_contain_text("2/TTr-UBND")
    guide_shot("van-ban-so-van-ban", full_page=True)
    assert fits_the_phone(page)
    old = page.request.get(
        live_server.url + table.get_by_role("link", name="1/TTr-UBND").get_attribute("href")
    )
    assert old.body() == first.body()
