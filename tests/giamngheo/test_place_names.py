"""Place names in documents and pages: the generic noun once, lower case inside a sentence."""

from __future__ import annotations

import pytest

from giamngheo.models import Village
from giamngheo.text import full_place, place_in_text, proper_place


@pytest.mark.parametrize(
    ("name", "in_text", "proper"),
    [
        ("Xã Phú Vinh", "xã Phú Vinh", "Phú Vinh"),
        ("Thôn Hà Thượng", "thôn Hà Thượng", "Hà Thượng"),
        ("Tổ dân phố 3", "tổ dân phố 3", "Tổ dân phố 3"),
        ("Phường 1", "phường 1", "Phường 1"),
        ("Đặc khu Phú Quốc", "đặc khu Phú Quốc", "Phú Quốc"),
        ("Hà Trữ", "Hà Trữ", "Hà Trữ"),
        ("Thônbản", "Thônbản", "Thônbản"),
    ],
)
def test_generic_nouns(name, in_text, proper):
    assert place_in_text(name) == in_text
    assert proper_place(name) == proper


def test_the_noun_is_written_once_whether_the_name_has_it_or_not():
    assert full_place("Thôn", "Thôn Hà Thượng") == "Thôn Hà Thượng"
    assert full_place("Thôn", "Hà Thượng") == "Thôn Hà Thượng"


def test_the_home_page_names_the_village_once(client, village_head, village_a, commune):
    Village.objects.create(commune=commune, name="Hà Trữ Đông")
    client.force_login(village_head)
    page = client.get("/").content.decode()
    assert "Thôn Hà Thượng, Xã Phú Vinh" in page and "Thôn Thôn" not in page
