"""A village head imports their village's list from a phone."""

from __future__ import annotations

import pytest

from households.models import Household
from tests.households.fixtures_import import commune_list_xlsx, person


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db(transaction=True)
def test_a_village_head_uploads_previews_and_confirms_on_a_phone(
    page, live_server, login, village_head, tmp_path
):
    path = tmp_path / "ds-ha-thuong.xlsx"
    path.write_bytes(
        commune_list_xlsx(
            [
                (
                    "Thôn Hà Thượng",
                    [person("Nguyễn Văn An", cccd=46175001234), person("Lê Thị Hoa", female=True)],
                )
            ]
        )
    )
    login("truongthon.a")
    page.goto(f"{live_server.url}/ho/nhap-excel/")
    page.get_by_label("Tệp danh sách hộ").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    page.wait_for_url("**/nhap-excel/xem-truoc/")
    assert "Thêm mới: 2 hộ" in page.inner_text("main")
    assert "Số CCCD nhập dạng số đã mất số 0 ở đầu" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # no sideways scrolling
    page.get_by_role("button", name="Nhập vào sổ hộ").click()

    page.wait_for_url("**/ho/")
    assert "Đã nhập danh sách: thêm 2 hộ" in page.inner_text("body")
    assert sorted(Household.objects.values_list("head_name", flat=True)) == ["Lê Thị Hoa", "Nguyễn Văn An"]
