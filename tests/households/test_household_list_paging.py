"""The household list pages by keyset: "Trang sau"/"Trang trước" carry a cursor in the query
string, so a deep page costs what the first does. Every household is seen once, in order,
under any filter; a made-up cursor is harmless; the scope still decides."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from giamngheo import keyset
from giamngheo.text import search_key
from households import selectors
from households.models import Category, Classification, Household, Member
from households.views import PAGE_SIZE

LIST = reverse("households:list")


def names(response) -> list[str]:
    return [h.head_name for h in response.context["page"]]


def pks(response) -> list[int]:
    return [h.pk for h in response.context["page"]]


def link(response, rel: str) -> str | None:
    """The URL of the page's "next"/"prev"/"first" link, as a browser would follow it."""
    match = re.search(r'<a href="(/[^"]*)"[^>]*rel="' + rel + '"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def build(
    village, count: int, *, prefix: str = "Nguyễn Văn", category: str = Category.POOR
) -> list[Household]:
    """`count` households in `village`, created out of name order, three to a name (so the id
    decides between them), each with its head and a classification."""
    order = sorted(range(count), key=lambda i: (i * 37) % count)  # not the name order
    households = Household.objects.bulk_create(
        Household(
            commune=village.commune,
            village=village,
            # codes in creation (id) order, so ties sort alike on both databases
            code=f"{prefix[:2]}{village.pk}-{j:05d}",
            head_name=f"{prefix} {i // 3:03d}",
            search_key=search_key(f"{prefix} {i // 3:03d}", f"{prefix[:2]}{village.pk}-{j:05d}"),
        )
        for j, i in enumerate(order)
    )
    Member.objects.bulk_create(
        Member(household=h, full_name=h.head_name, relationship=Member.Relationship.HEAD) for h in households
    )
    Classification.objects.bulk_create(
        Classification(household=h, year=2025, category=category) for h in households
    )
    return households


def in_list_order(households: list[Household]) -> list[int]:
    return [h.pk for h in sorted(households, key=lambda h: (h.head_name, h.pk))]


def walk_forward(client, url: str) -> tuple[list[int], list[str]]:
    seen, urls = [], []
    while url:
        r = client.get(url)
        assert r.status_code == 200
        assert len(pks(r)) <= PAGE_SIZE
        seen += pks(r)
        urls.append(url)
        url = link(r, "next")
    return seen, urls


def test_paging_forward_and_back_visits_every_household_once_in_order_under_a_filter(
    client, officer, village_a, village_b
):
    wanted = build(village_a, 2 * PAGE_SIZE + 23)
    build(village_a, 7, prefix="Trần Thị", category=Category.NEAR_POOR)  # other category
    build(village_b, 9)  # other village
    client.force_login(officer)

    seen, urls = walk_forward(client, f"{LIST}?village={village_a.pk}&category=poor")

    assert seen == in_list_order(wanted)
    assert len(urls) == 3
    assert all(f"village={village_a.pk}" in url and "category=poor" in url for url in urls)
    # …and back from the last page to the first, one page at a time.
    r = client.get(urls[-1])
    backwards = pks(r)
    while prev := link(r, "prev"):
        r = client.get(prev)
        backwards = pks(r) + backwards
    assert backwards == seen
    assert link(r, "next") and not link(r, "first")


def test_paging_keeps_the_search_and_the_sort(client, officer, village_a):
    wanted = build(village_a, PAGE_SIZE + 5, prefix="Lê Văn")
    build(village_a, 20, prefix="Hà Thị")
    client.force_login(officer)
    seen, urls = walk_forward(client, f"{LIST}?q=le+van&sort=code")
    assert seen == [h.pk for h in sorted(wanted, key=lambda h: h.code)]
    assert len(urls) == 2 and all("q=le+van" in url and "sort=code" in url for url in urls)


def test_the_list_says_how_many_up_to_its_counting_limit(client, officer, village_a, monkeypatch):
    build(village_a, 12)
    client.force_login(officer)
    assert "12 hộ" in client.get(LIST).content.decode()
    monkeypatch.setattr("households.views.COUNT_LIMIT", 10)
    assert "Hơn 10 hộ" in client.get(LIST).content.decode()


def cursor(*values) -> str:
    return keyset.encode(list(values))


BAD_CURSORS = [
    "not-a-cursor",
    "%%%",
    cursor("Nguyễn Văn 001"),  # too short
    cursor(1, 2, 3, 4, 5),  # too long
    cursor(None, None, None)[:-1],
    cursor(None, None),
    cursor("a\x00b", 7),
    cursor("a\x00b", "a\x00b", 7),
    cursor("a" * 5000, 1),
    cursor("a" * 5000, "a", 1),
    cursor("a", True),
    cursor("a", "a", True),
    cursor("a", 2**70),
    cursor("a", "a", 2**70),
    cursor({"pk": 1}, 1.5),
    cursor({"pk": 1}, [], 1.5),
    keyset.encode([]),
]


@pytest.mark.parametrize("param", ["after", "before"])
@pytest.mark.parametrize("bad", BAD_CURSORS)
def test_a_tampered_cursor_shows_the_first_page(client, officer, village_a, param, bad):
    build(village_a, PAGE_SIZE + 3)
    client.force_login(officer)
    first = pks(client.get(LIST))
    r = client.get(LIST, {param: bad})
    assert r.status_code == 200
    assert pks(r) == first
    assert not link(r, "prev")
    assert "Liên kết trang không hợp lệ, đã hiển thị trang đầu." in r.content.decode()


def test_a_cursor_past_the_end_shows_the_last_page(client, officer, village_a):
    households = build(village_a, PAGE_SIZE + 4)
    client.force_login(officer)
    keys = selectors.household_sort_keys("name")
    beyond = keyset.encode(["zzzz" if k.kind is str else 10**9 for k in keys])
    r = client.get(LIST, {"after": beyond})
    assert r.status_code == 200
    assert pks(r) == in_list_order(households)[-PAGE_SIZE:]
    assert link(r, "prev") and not link(r, "next")


def test_a_cursor_before_the_start_shows_a_full_first_page(client, officer, village_a):
    households = build(village_a, PAGE_SIZE + 4)
    client.force_login(officer)
    keys = selectors.household_sort_keys("name")
    before_all = keyset.encode(["" if k.kind is str else 0 for k in keys])
    assert pks(client.get(LIST, {"before": before_all})) == in_list_order(households)[:PAGE_SIZE]


def test_another_communes_households_never_appear_on_any_page(
    client, officer, other_officer, village_a, other_village
):
    ours = build(village_a, PAGE_SIZE + 10)
    theirs = build(other_village, PAGE_SIZE + 10)
    client.force_login(officer)
    seen, _urls = walk_forward(client, LIST)
    assert seen == in_list_order(ours)
    # A cursor taken from our list does not open it to the other commune's officer.
    client.force_login(other_officer)
    first_of_ours = ours[0]
    keys = selectors.household_sort_keys("name")
    values = {
        "sort_name": first_of_ours.head_name,
        "sort_key": first_of_ours.search_key,
        "pk": first_of_ours.pk,
    }
    for param in ("after", "before"):
        r = client.get(LIST, {param: keyset.encode([values[k.name] for k in keys])})
        assert set(pks(r)) <= {h.pk for h in theirs}
        assert not {h.pk for h in ours} & set(pks(r))


def test_a_village_head_pages_through_their_village_only(client, village_head, village_a, village_b):
    ours = build(village_a, PAGE_SIZE + 2)
    build(village_b, PAGE_SIZE + 2)
    client.force_login(village_head)
    seen, _urls = walk_forward(client, f"{LIST}?village={village_b.pk}")
    assert seen == in_list_order(ours)


def test_htmx_next_page_swaps_only_the_results(client, officer, village_a):
    build(village_a, PAGE_SIZE + 2)
    client.force_login(officer)
    first = client.get(LIST)
    assert 'hx-target="#household-results"' in first.content.decode()
    r = client.get(link(first, "next"), headers={"HX-Request": "true"})
    text = r.content.decode()
    assert "<html" not in text and 'id="household-results"' in text
    assert len(pks(r)) == 2


@pytest.mark.parametrize("rows", [10, 1000])
def test_a_deep_page_costs_the_same_for_10_or_1000_households(
    client, officer, village_a, rows, django_assert_max_num_queries
):
    build(village_a, rows)
    client.force_login(officer)
    url = f"{LIST}?category=poor&sort=name"
    r = client.get(url)
    url = link(r, "next") or url
    for _ in range(3):  # a few pages in, where OFFSET would have grown
        url = link(client.get(url), "next") or url
    # session, user, role scope, bounded count, page of households, villages of the filter
    with django_assert_max_num_queries(6):
        r = client.get(url)
    assert r.status_code == 200
    assert 0 < len(pks(r)) <= PAGE_SIZE


@pytest.mark.parametrize("rows", [10, 1000])
def test_search_without_diacritics_costs_the_same_for_10_or_1000_households(
    client, officer, village_a, household, rows, django_assert_max_num_queries
):
    build(village_a, rows)
    client.force_login(officer)
    with django_assert_max_num_queries(6):
        r = client.get(LIST, {"q": "nguyen thi huong"})
    assert names(r) == ["Nguyễn Thị Hương"]
