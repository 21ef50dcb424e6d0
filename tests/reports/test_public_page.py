"""The commune's public page: no login, counts and money only, never a name or an ID number."""

from __future__ import annotations

from django.urls import reverse

from households.models import Member


def test_anyone_reads_the_commune_page_without_logging_in(client, world, commune):
    response = client.get(reverse("reports:public", args=[commune.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nuôi bò thôn Hà Thượng" in page and "Nuôi bò cái sinh sản" in page  # project and its model
    assert "Nuôi gà (thu hồi)" not in page and "Trồng rừng (không duyệt)" not in page
    assert "70.000.000" not in page  # money is shown by source, not mixed with the counterpart
    assert "60.000.000" in page and "15.000.000" in page  # P1: NSTW and the household counterpart
    assert "55.000.000" in page and "42,3%" in page  # state money paid, against 130.000.000
    assert "Thôn Hà Thượng: 6 hộ, 2 dự án" in page
    assert "—" in page  # handover progress: not available yet
    assert "public" in response["Cache-Control"]
    assert "<script" not in page and "style=" not in page


def test_the_public_page_shows_no_personal_data(client, world, commune):
    page = client.get(reverse("reports:public", args=[commune.code])).content.decode()
    members = Member.objects.filter(household__commune=commune)
    assert members.count() >= 12
    for member in members:
        assert member.full_name not in page
        assert member.id_number not in page
        assert member.household.code not in page


def test_current_postings_are_listed(client, world, commune):
    page = client.get(reverse("reports:public", args=[commune.code])).content.decode()
    assert "Đang niêm yết công khai" in page
    # the world's projects were posted until today (tests/projects/conftest.post); a withdrawn
    # or refused project's posting is no longer shown
    assert "Nuôi bò thôn Hà Thượng (Thôn Hà Thượng) — niêm yết tại Nhà văn hóa thôn" in page
    assert "Nuôi gà (thu hồi) (Thôn" not in page


def test_another_commune_page_shows_only_its_own(client, world, other_commune):
    page = client.get(reverse("reports:public", args=[other_commune.code])).content.decode()
    assert "Nuôi bò" not in page and "Chưa có dự án nào được phê duyệt." in page


def test_an_unknown_commune_is_a_404(client, db):
    assert client.get(reverse("reports:public", args=["00000"])).status_code == 404
