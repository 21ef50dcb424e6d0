"""Light pages for slow village connections: under 150 KB compressed, no web fonts."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

BUDGET = 150 * 1024


def compressed_weight(html: str) -> int:
    total = len(gzip.compress(html.encode()))
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        path = finders.find(url.removeprefix("/static/"))
        assert path, f"{url} is linked but not found"
        with open(path, "rb") as f:
            total += len(gzip.compress(f.read()))
    return total


@pytest.mark.parametrize("url_name", ["home", "households:list", "village_list"])
def test_pages_stay_under_the_weight_budget(client, officer, make_household, url_name):
    for _ in range(50):
        make_household()
    client.force_login(officer)
    html = client.get(reverse(url_name)).content.decode()
    assert compressed_weight(html) < BUDGET


def test_the_stylesheet_loads_no_web_fonts():
    with open(finders.find("css/app.css"), encoding="utf-8") as f:
        css = f.read()
    assert "@font-face" not in css and "url(" not in css
