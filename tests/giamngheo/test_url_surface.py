"""Every URL the project serves, found by walking the resolver, against the requests an attacker or
a broken link sends: nobody gets in without signing in, and no malformed id, query string, body
or method makes a page fail with a 500.

A new URL is covered without editing this file. A page meant for the public (no login) must be
named in PUBLIC below, so that opening one is a decision someone wrote down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# url names (namespace:name) anyone may open without signing in
PUBLIC = {
    "login",
    "set_language",
    # the commune's transparency page: counts and money only (tests/reports/test_public_page.py)
    "reports:public",
    # the disbursement report's old address: a redirect to reports:budget, which asks for a login
    "projects:budget_report",
}
# prefixes whose own protection is someone else's (the Django admin redirects to its own login)
FOREIGN = ("quan-tri/",)

CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # "projects:detail", or the route itself when unnamed
    route: str  # "du-an/<int:pk>/"

    def path(self, value: str) -> str:
        return "/" + CONVERTER.sub(value, self.route)

    @property
    def has_ids(self) -> bool:
        return bool(CONVERTER.search(self.route))


def walk(patterns, prefix: str = "", namespace: str = "") -> list[Route]:
    routes = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes.extend(walk(entry.url_patterns, route, ns))
        elif isinstance(entry, URLPattern):
            routes.append(Route(f"{namespace}{entry.name}" if entry.name else route, route))
    return routes


ROUTES = [r for r in walk(get_resolver().url_patterns) if not r.route.startswith(FOREIGN)]
PROTECTED = [r for r in ROUTES if r.name not in PUBLIC and r.route not in ("favicon.ico",)]


def ids(routes):
    return [r.name for r in routes]


def test_the_walk_finds_the_project_urls():
    names = {r.name for r in ROUTES}
    assert {"home", "households:list", "projects:detail", "documents:file"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("route", PROTECTED, ids=ids(PROTECTED))
def test_anonymous_requests_are_sent_to_sign_in(client, route):
    """GET and POST alike: an anonymous request reaches no page and changes nothing."""
    path = route.path("1")
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code in (302, 405), f"{method.upper()} {path} → {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith("/dang-nhap/"), (
                f"{method.upper()} {path} sends an anonymous user to {response['Location']}; "
                "protect the view with login_required, or add its name to PUBLIC if it is meant "
                "for everyone"
            )


BAD_IDS = ["0", "999999999", str(2**63), str(2**70)]


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.has_ids], ids=ids([r for r in ROUTES if r.has_ids]))
def test_ids_no_row_can_have_answer_not_found_not_a_crash(client, officer, village_head, route):
    for user in (officer, village_head):
        client.force_login(user)
        for value in BAD_IDS:
            response = client.get(route.path(value))
            assert response.status_code in (404, 403, 405, 302), (
                f"GET {route.path(value)} as {user.username} → {response.status_code}"
            )


JUNK_QUERY = {
    "page": ["abc", "-1", "99999999999999999999"],
    "q": ["\x00", "'; drop table x; --", "ă" * 3000],
    "village": ["x", str(2**70)],
    "year": ["not-a-year", "-5", str(2**70)],
    "category": ["<script>"],
    "status": ["???"],
    "sort": ["-__class__"],
    "from": ["31/02/2026"],
    "to": ["2026-13-01"],
}


def _junk_queries():
    width = max(len(v) for v in JUNK_QUERY.values())
    for i in range(width):
        yield {k: v[i % len(v)] for k, v in JUNK_QUERY.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [r for r in PROTECTED if not r.has_ids], ids=ids([r for r in PROTECTED if not r.has_ids])
)
def test_junk_query_strings_never_crash_a_page(client, officer, village_head, upper_viewer, route):
    for user in (officer, village_head, upper_viewer):
        client.force_login(user)
        for query in _junk_queries():
            response = client.get(route.path("1"), query)
            assert response.status_code < 500, f"GET {route.path('1')}?{query} as {user.username}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", PROTECTED, ids=ids(PROTECTED))
def test_wrong_methods_and_junk_bodies_never_crash(client, officer, route):
    client.force_login(officer)
    path = route.path("1")
    for method in ("put", "delete", "patch"):
        assert getattr(client, method)(path).status_code < 500, f"{method.upper()} {path}"
    junk = {"version": "x" * 50, "pk": "-1", "household": str(2**70), "amount": "1e999", "date": "\x00"}
    assert client.post(path, junk).status_code < 500, f"POST {path} with a junk form"
    response = client.post(path, data=b"\xff\xfe" * 2000, content_type="application/octet-stream")
    assert response.status_code < 500, f"POST {path} with a binary body"
