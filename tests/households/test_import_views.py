"""Uploading a household list on the web: upload → preview → confirm, per role."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from giamngheo.models import AuditEntry
from households.models import Household
from households.views_import import SESSION_KEY
from tests.households.fixtures_import import commune_list_xlsx, person, template_rows, xlsx

UPLOAD = reverse("households:import_upload")
PREVIEW = reverse("households:import_preview")
CONFIRM = reverse("households:import_confirm")
TEMPLATE = reverse("households:import_template")
REFUSED = reverse("households:import_refused_copy")


@pytest.fixture(autouse=True)
def _private(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path


def good_list() -> bytes:
    return commune_list_xlsx(
        [
            ("Thôn Hà Thượng", [person("Nguyễn Văn An", cccd="046175001234")]),
            ("Thôn Hà Trữ", [person("Trần Thị Bình", female=True, cccd="046180001235", category="HCN")]),
        ]
    )


def upload(client, data: bytes, commune, *, name="danh-sach-ho-ngheo.xlsx", village=None, year=2025):
    form = {"file": SimpleUploadedFile(name, data), "commune": commune.pk, "year": year}
    if village is not None:
        form["village"] = village.pk
    return client.post(UPLOAD, form)


def confirm(client):
    return client.post(CONFIRM, {"checksum": client.session[SESSION_KEY]["checksum"]})


@pytest.mark.parametrize("person", ["officer", "leader", "village_head", "admin_user"], indirect=True)
def test_people_who_import_see_the_upload_page(client, person, village_a):
    client.force_login(person)
    r = client.get(UPLOAD)
    assert r.status_code == 200
    assert 'enctype="multipart/form-data"' in r.content.decode()
    assert "Tải tệp mẫu (.xlsx)" in r.content.decode()


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
@pytest.mark.parametrize("url", [UPLOAD, PREVIEW, TEMPLATE, REFUSED])
def test_read_only_roles_may_not_import(client, person, url):
    client.force_login(person)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("person", ["bcd_member", "supervisor", "upper_viewer"], indirect=True)
def test_read_only_roles_cannot_post_a_file_or_confirm(client, person, commune, village_a):
    client.force_login(person)
    assert upload(client, good_list(), commune).status_code == 403
    assert client.post(CONFIRM, {"checksum": "x"}).status_code == 403
    assert not Household.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(UPLOAD).url.startswith(reverse("login"))


def test_an_officer_uploads_previews_and_confirms(client, officer, commune, village_a, village_b, settings):
    client.force_login(officer)
    r = upload(client, good_list(), commune)
    assert r.status_code == 302 and r.url == PREVIEW
    stored = client.session[SESSION_KEY]
    uploaded = settings.PRIVATE_ROOT / "imports" / stored["path"]
    assert uploaded.read_bytes() == good_list()

    page = client.get(PREVIEW).content.decode()
    assert "Thêm mới: <strong>2</strong> hộ" in page
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" in page
    assert "Nhập vào sổ hộ" in page
    assert not Household.objects.exists()  # the preview writes nothing

    r = confirm(client)
    assert r.status_code == 302 and r.url == reverse("households:list")
    assert set(Household.objects.values_list("head_name", "village__name")) == {
        ("Nguyễn Văn An", "Thôn Hà Thượng"),
        ("Trần Thị Bình", "Thôn Hà Trữ"),
    }
    entry = AuditEntry.objects.get(action="household.imported")
    assert entry.actor == officer and entry.data["file"] == "danh-sach-ho-ngheo.xlsx"
    assert SESSION_KEY not in client.session
    assert not uploaded.exists()  # the list holds personal data: gone once imported
    assert "thêm 2 hộ" in client.get(reverse("households:list")).content.decode()


def test_a_file_with_errors_shows_rows_and_columns_and_cannot_be_confirmed(
    client, officer, commune, village_a
):
    client.force_login(officer)
    data = xlsx(template_rows({"head_name": "Lê Văn Tí", "village": "Thôn Không Có", "category": "HN"}))
    upload(client, data, commune)

    page = client.get(PREVIEW).content.decode()
    assert "Lỗi phải sửa: <strong>1</strong>" in page
    assert "Thôn/Tổ (cột C)" in page and "Không có thôn/tổ “Thôn Không Có” trong Xã Phú Vinh." in page
    assert "Nhập vào sổ hộ" not in page
    assert "Tải tệp kèm cột lỗi (.xlsx)" in page

    r = confirm(client)
    assert r.status_code == 200 and "Tệp có lỗi, chưa nhập hộ nào" in r.content.decode()
    assert not Household.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="household.").exists()


def test_the_refused_copy_downloads_with_an_error_column(client, officer, commune, village_a):
    client.force_login(officer)
    upload(
        client,
        xlsx(template_rows({"head_name": "Lê Văn Tí", "village": "Hà Thượng", "birth": "31/02/1990"})),
        commune,
    )

    r = client.get(REFUSED)

    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(r.content))["Danh sách"]
    assert "Ngày không có thật: 31/02/1990." in sheet.cell(row=2, column=sheet.max_column).value


def test_the_template_downloads(client, village_head):
    client.force_login(village_head)
    r = client.get(TEMPLATE)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(r.content)).active["B1"].value == "Họ và tên chủ hộ"


def test_confirm_refuses_a_checksum_other_than_the_previewed_one(
    client, officer, commune, village_a, village_b
):
    client.force_login(officer)
    upload(client, good_list(), commune)

    r = client.post(CONFIRM, {"checksum": "0" * 64})

    assert r.status_code == 302 and r.url == PREVIEW
    assert not Household.objects.exists()


def test_confirm_refuses_a_file_changed_after_the_preview(
    client, officer, commune, village_a, village_b, settings
):
    client.force_login(officer)
    upload(client, good_list(), commune)
    (settings.PRIVATE_ROOT / "imports" / client.session[SESSION_KEY]["path"]).write_bytes(b"changed")

    r = confirm(client)

    assert r.status_code == 302 and r.url == UPLOAD
    assert not Household.objects.exists()
    assert "bị thay đổi" in client.get(UPLOAD).content.decode()


def test_confirm_without_an_upload_goes_back_to_the_form(client, officer):
    client.force_login(officer)
    r = client.post(CONFIRM, {"checksum": "x"})
    assert r.status_code == 302 and r.url == UPLOAD


def test_a_village_head_imports_their_own_village(client, village_head, commune, village_a):
    client.force_login(village_head)
    data = xlsx([["STT", "Họ tên chủ hộ", "Phân loại hộ"], [1, "Phan Thị Én", "Hộ cận nghèo"]])
    upload(client, data, commune, village=village_a)
    confirm(client)

    assert Household.objects.get().village == village_a


def test_a_village_heads_rows_for_another_village_are_refused(
    client, village_head, commune, village_a, village_b
):
    client.force_login(village_head)
    data = xlsx(
        template_rows(
            {"head_name": "Phan Văn Mít", "village": "Hà Thượng"},
            {"head_name": "Phan Văn Ổi", "village": "Hà Trữ"},
        )
    )
    upload(client, data, commune)
    page = client.get(PREVIEW).content.decode()
    assert "Bạn không được nhập hộ của Thôn Hà Trữ" in page

    confirm(client)
    assert not Household.objects.exists()


def test_a_village_head_cannot_pick_another_village_as_default(client, village_head, commune, village_b):
    client.force_login(village_head)
    r = upload(client, good_list(), commune, village=village_b)
    assert r.status_code == 200 and SESSION_KEY not in client.session


def test_another_communes_officer_cannot_import_into_ours(
    client, other_officer, commune, village_a, other_village
):
    client.force_login(other_officer)
    r = upload(client, good_list(), commune)
    assert r.status_code == 200  # our commune is not a choice for them
    assert SESSION_KEY not in client.session


def test_another_communes_file_cannot_reach_our_households(
    client, other_officer, other_commune, other_village, make_household
):
    ours = make_household(code="HN-01", head_name="Nguyễn Thị Hương")
    number = ours.members.get().id_number
    client.force_login(other_officer)
    data = xlsx(
        template_rows({"code": "HN-01", "head_name": "Kẻ Lạ", "village": "Lê Xá Đông", "id_number": number})
    )
    upload(client, data, other_commune)

    page = client.get(PREVIEW).content.decode()
    assert "Số CCCD đã có trong hệ thống ở một hộ thuộc xã/phường khác." in page
    assert "Nguyễn Thị Hương" not in page
    confirm(client)
    ours.refresh_from_db()
    assert ours.head_name == "Nguyễn Thị Hương" and Household.objects.count() == 1


def test_a_session_cannot_point_at_another_communes_upload(
    client, other_officer, commune, officer, village_a
):
    client.force_login(officer)
    upload(client, good_list(), commune)
    stored = client.session[SESSION_KEY]
    client.force_login(other_officer)
    session = client.session
    session[SESSION_KEY] = stored
    session.save()

    assert client.get(PREVIEW).status_code == 404
    assert client.post(CONFIRM, {"checksum": stored["checksum"]}).status_code == 404
    assert not Household.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_answered_clearly(client, officer, commune):
    client.force_login(officer)
    r = upload(client, b"just text", commune, name="ds.csv")
    assert r.status_code == 200 and "Chỉ nhận tệp .xlsx, .xls hoặc .ods." in r.content.decode()

    upload(client, b"just text", commune, name="ds.xlsx")
    page = client.get(PREVIEW).content.decode()
    assert "Chỉ nhận tệp bảng tính .xlsx, .xls hoặc .ods." in page and "Nhập vào sổ hộ" not in page


def test_re_importing_the_same_file_says_so_and_changes_nothing(
    client, officer, commune, village_a, village_b
):
    client.force_login(officer)
    upload(client, good_list(), commune)
    confirm(client)
    entries = AuditEntry.objects.count()

    upload(client, good_list(), commune)
    page = client.get(PREVIEW).content.decode()
    assert "Tệp này đã được nhập lúc" in page and "Không thay đổi: <strong>2</strong> hộ" in page
    confirm(client)

    assert Household.objects.count() == 2 and AuditEntry.objects.count() == entries


def test_the_preview_costs_a_fixed_number_of_queries(
    client, officer, commune, village_a, django_assert_max_num_queries
):
    client.force_login(officer)
    rows = [
        {"head_name": f"Hộ số {i}", "village": "Hà Thượng", "id_number": f"0461700{i:05d}"} for i in range(60)
    ]
    upload(client, xlsx(template_rows(*rows)), commune)
    with django_assert_max_num_queries(20):
        assert client.get(PREVIEW).status_code == 200


def test_row_numbers_are_shown_as_excel_shows_them(client, officer, commune, village_a):
    client.force_login(officer)
    rows = template_rows({"head_name": "Lê Văn Một", "village": "Hà Thượng"})
    rows += [[None]] * 1500 + [[None, "Lê Văn Hai", "Thôn Không Có"]]
    upload(client, xlsx(rows), commune)

    page = client.get(PREVIEW).content.decode()
    assert '<td data-label="Dòng">1503</td>' in page


def test_uploads_left_unconfirmed_are_deleted_after_the_grace_period(client, officer, commune, settings):
    import os
    import time

    client.force_login(officer)
    upload(client, good_list(), commune)
    old = settings.PRIVATE_ROOT / "imports" / client.session[SESSION_KEY]["path"]
    two_days_ago = time.time() - 49 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    upload(client, good_list() + b"", commune)  # the next upload sweeps
    assert not old.exists() or old.stat().st_mtime > two_days_ago


def test_uploaded_lists_are_never_under_the_public_media_folder(client, officer, commune, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(officer)
    upload(client, good_list(), commune)
    assert list((tmp_path / "imports").iterdir())
    assert not (tmp_path / "media").exists()
