"""The commune's Sổ văn bản, corrections from it, and who signs (commune settings)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from giamngheo.documents import register
from giamngheo.documents.models import DocumentKind, IssuedDocument, Signatory
from giamngheo.models import AuditEntry

REGISTER = reverse("documents:register")
NOTICE = "reports/pdf/notice.html"


def issue(
    target, by, summary="Về việc đăng ký tham gia dự án", on=dt.date(2026, 2, 5), kind="thong_bao", key=""
):
    return register.issue(
        kind=kind,
        target=target,
        template=NOTICE,
        snapshot={"paragraphs": ["Nội dung."]},
        summary=summary,
        issued_on=on,
        by=by,
        key=key,
    )


@pytest.fixture
def documents(village_a, village_b, other_village, leader, other_officer):
    return {
        "notice": issue(village_a, leader, "Về việc công khai danh sách hộ nghèo thôn Hà Thượng"),
        "submission": issue(
            village_b,
            leader,
            "Về việc đề nghị phê duyệt dự án nuôi bò",
            on=dt.date(2026, 3, 1),
            kind="to_trinh",
        ),
        "elsewhere": issue(other_village, other_officer, "Về việc ở xã khác"),
    }


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("officer", 200),
        ("leader", 200),
        ("bcd_member", 200),
        ("supervisor", 200),
        ("upper_viewer", 200),
        ("village_head", 403),
        ("admin_user", 200),
    ],
    indirect=["person"],
)
def test_the_register_is_for_commune_roles_and_upper_viewers(client, person, status, documents):
    client.force_login(person)
    r = client.get(REGISTER, {"xa": documents["notice"].commune_id})
    assert r.status_code == status
    home = client.get("/").content.decode()
    assert (REGISTER in home) == (status == 200)
    if status == 200 and person.username != "quantri":
        page = r.content.decode()
        assert "1/TB-UBND" in page and "1/TTr-UBND" in page
        assert "Về việc ở xã khác" not in page
        assert reverse("documents:file", args=[documents["notice"].pk]) in page


def test_another_communes_officer_sees_only_their_register(client, other_officer, documents, commune):
    client.force_login(other_officer)
    page = client.get(REGISTER).content.decode()
    assert "Về việc ở xã khác" in page and "nuôi bò" not in page
    assert client.get(REGISTER, {"xa": commune.pk}).status_code == 404


@pytest.mark.parametrize(
    ("query", "found", "missing"),
    [
        ({"q": "cong khai ha thuong"}, "Hà Thượng", "nuôi bò"),  # no diacritics typed
        ({"q": "NUÔI BÒ"}, "nuôi bò", "Hà Thượng"),
        ({"q": "1/TTr"}, "nuôi bò", "Hà Thượng"),
        ({"q": "ttr"}, "nuôi bò", "Hà Thượng"),  # the kind's sign, after the number's slash
        ({"q": "an"}, "nuôi bò", "Hà Thượng"),  # "dự án", not the "an" inside "danh sách"
        ({"date_from": "2026-02-20"}, "nuôi bò", "Hà Thượng"),
        ({"date_to": "2026-02-10"}, "Hà Thượng", "nuôi bò"),
    ],
)
def test_the_register_searches_number_summary_and_dates(client, officer, documents, query, found, missing):
    client.force_login(officer)
    page = client.get(REGISTER, query).content.decode()
    assert found in page and missing not in page


def test_the_register_filters_by_kind_and_refuses_a_reversed_range(client, officer, documents):
    client.force_login(officer)
    kind = DocumentKind.objects.get(code="to_trinh")
    page = client.get(REGISTER, {"kind": kind.pk}).content.decode()
    assert "nuôi bò" in page and "Hà Thượng</" not in page.split("<tbody>")[1].split("Về việc đề nghị")[0]
    r = client.get(REGISTER, {"date_from": "2026-03-01", "date_to": "2026-02-01"})
    assert r.status_code == 200 and "phải sau" in r.content.decode()


def test_a_replaced_document_says_by_which_number(client, officer, leader, documents):
    old = documents["notice"]
    register.replace(
        old,
        snapshot={"paragraphs": ["Sửa."]},
        reason="Sai tên thôn",
        issued_on=dt.date(2026, 2, 6),
        by=leader,
    )
    client.force_login(officer)
    page = client.get(REGISTER).content.decode()
    assert "đã bị thay thế bởi số 2/TB-UBND" in page and "thay thế số 1/TB-UBND" in page
    assert "Sai tên thôn" in page
    assert client.get(reverse("documents:file", args=[old.pk])).status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_the_register_costs_the_same_for_few_or_many_documents(
    client, officer, leader, village_a, rows, django_assert_max_num_queries
):
    for n in range(rows):
        issue(village_a, leader, f"Thông báo số {n}", key=str(n))
    first = IssuedDocument.objects.order_by("pk").first()
    register.replace(
        first, snapshot={"paragraphs": []}, reason="Sửa", issued_on=dt.date(2026, 2, 6), by=leader
    )
    client.force_login(officer)
    with django_assert_max_num_queries(9):
        assert client.get(REGISTER).status_code == 200


def test_the_register_is_paginated(client, officer, leader, village_a):
    for n in range(31):
        issue(village_a, leader, f"Thông báo {n}", key=str(n))
    client.force_login(officer)
    first = client.get(REGISTER, {"q": "thong bao"}).content.decode()
    assert "Trang 1/2" in first
    assert 'href="?q=thong+bao&amp;page=2"' in first  # the next page keeps the search
    assert (
        "Thông báo 0<" not in first and "Thông báo 0<" in client.get(REGISTER, {"page": 2}).content.decode()
    )


# ---- who signs ------------------------------------------------------------------------------------

SETTINGS = "commune_settings"


def signatory_post(**kw):
    kinds = DocumentKind.objects.filter(code__in=["to_trinh", "thong_bao"]).values_list("pk", flat=True)
    return {
        "full_name": "  Lê Văn   Bình ",
        "position": "Phó Chủ tịch",
        "authority": "tm. ủy ban nhân dân\nKT. Chủ tịch",
        "kinds": list(kinds),
        "order": 1,
        "is_active": "on",
    } | kw


def test_the_officer_adds_edits_and_deactivates_a_signatory(client, officer, commune):
    client.force_login(officer)
    settings_page = client.get(reverse(SETTINGS, args=[commune.pk])).content.decode()
    add_url = reverse("documents:signatory_add", args=[commune.pk])
    assert add_url in settings_page
    r = client.post(add_url, signatory_post())
    assert r.status_code == 302
    signatory = Signatory.objects.get()
    assert signatory.full_name == "Lê Văn Bình"
    assert signatory.authority_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert AuditEntry.objects.filter(action="document.signatory_added", commune=commune).exists()
    assert "Lê Văn Bình" in client.get(reverse(SETTINGS, args=[commune.pk])).content.decode()
    assert list(register.signatories_for("to_trinh", commune)) == [signatory]
    r = client.post(reverse("documents:signatory_edit", args=[signatory.pk]), signatory_post(is_active=""))
    assert r.status_code == 302
    assert list(register.signatories_for("to_trinh", commune)) == []
    change = AuditEntry.objects.get(action="document.signatory_changed")
    assert change.data["is_active"] == ["True", "False"] and change.actor == officer


def test_a_signatory_without_a_name_is_refused_with_what_was_typed(client, officer, commune):
    client.force_login(officer)
    r = client.post(reverse("documents:signatory_add", args=[commune.pk]), signatory_post(full_name=" "))
    assert r.status_code == 200 and "Vui lòng nhập họ và tên" in r.content.decode()
    assert "Phó Chủ tịch" in r.content.decode()
    assert not Signatory.objects.exists()


@pytest.mark.parametrize(
    ("person", "status"),
    [("bcd_member", 403), ("village_head", 403), ("upper_viewer", 403), ("other_officer", 404)],
    indirect=["person"],
)
def test_only_the_communes_staff_set_who_signs(client, person, status, commune):
    client.force_login(person)
    assert (
        client.post(reverse("documents:signatory_add", args=[commune.pk]), signatory_post()).status_code
        == status
    )
    assert not Signatory.objects.exists()


def test_another_communes_signatory_cannot_be_edited(client, other_officer, commune):
    signatory = Signatory.objects.create(commune=commune, full_name="A", position="Chủ tịch")
    client.force_login(other_officer)
    assert client.get(reverse("documents:signatory_edit", args=[signatory.pk])).status_code == 404


def test_the_search_form_keeps_a_large_commune_id_whole(client, province):
    """Commune ids past a thousand are printed as ids, not as "4.447" (the thousands separator the
    Vietnamese number format puts in): the search submits the commune it was opened for."""
    from giamngheo.models import Commune, Role
    from tests.conftest import _person

    big = Commune.objects.create(pk=4447, code="19999", name="Xã Lớn", division_type="xã", province=province)
    officer = _person("canbo.lon", "Hồ Thị Lớn", Role.COMMUNE_OFFICER, commune=big)
    client.force_login(officer)
    page = client.get(REGISTER).content.decode()
    assert 'name="xa" value="4447"' in page
    assert client.get(REGISTER, {"xa": "4447", "q": "to trinh"}).status_code == 200
