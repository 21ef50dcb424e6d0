"""Every link a person is shown leads somewhere they may go.

Builds the demo commune, then for each demo account follows the links on its pages (GET only,
breadth first, a bounded number of pages). A link that answers 403, 404 or 500 is a button the
person should not have been shown, or a page that breaks on real data.
"""

from __future__ import annotations

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from giamngheo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS

LINK = re.compile(r'href="([^"]+)"')
SKIP = ("/dang-xuat/", "/quan-tri/", "/static/", "/ngon-ngu/")
PAGES_PER_PERSON = 70


def links_on(html: str) -> list[str]:
    found = []
    for href in LINK.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc or not parsed.path.startswith("/"):
            continue
        if href.startswith(SKIP):
            continue
        found.append(href)
    return found


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    """Where the demo's issued documents are stored, for the whole module."""
    return tmp_path_factory.mktemp("demo-private"), tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def private_files(settings, demo_files):
    """The demo is built once: its documents' files must stay readable in every test."""
    settings.PRIVATE_ROOT, settings.MEDIA_ROOT = demo_files


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_files):
    """The demo commune, built once for the module inside a transaction rolled back at the end
    (each test's own transaction nests in it), so later tests find the database as migrations
    left it — reference data included."""
    private, media = demo_files
    with (
        override_settings(PRIVATE_ROOT=private, MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("username", [u[0] for u in DEMO_USERS])
def test_every_link_shown_to_a_demo_user_answers(client, demo, username):
    assert client.login(username=username, password=DEMO_PASSWORD)
    seen, broken = {"/"}, []
    queue = deque(["/"])
    visited = 0
    while queue and visited < PAGES_PER_PERSON:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code >= 400:
            broken.append((url, response.status_code))
            continue
        if response.get("Content-Type", "").startswith("text/html"):
            # Visit one page of each kind: /du-an/7/ and /du-an/8/ render the same template.
            for link in links_on(response.content.decode()):
                kind = re.sub(r"\d+", "N", urlparse(link).path) + ("?" if "?" in link else "")
                if kind not in seen:
                    seen.add(kind)
                    queue.append(link)
    assert broken == []
    assert visited > 5
