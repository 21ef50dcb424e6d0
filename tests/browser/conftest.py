"""Browser tests: Playwright (Python) driving Debian's chromium, headless, on a live server.

Run with the rest of the suite; select them alone with `-m browser`. Failure screenshots go to
test-artifacts/ (git-ignored). The user guide's screenshots are written to docs/huong-dan/img/
only on request (`GUIDE_SCREENSHOTS=1`, which `make guide` sets), so `make test` leaves the
working tree clean; otherwise they go to test-artifacts/guide/ (git-ignored).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
GUIDE_IMAGES = (
    ROOT / "docs" / "huong-dan" / "img" if os.environ.get("GUIDE_SCREENSHOTS") == "1" else ARTIFACTS / "guide"
)
PHONE = {"width": 360, "height": 740}

# The suite ends with the browser tests on a machine that is still busy: give a page the time a
# slow phone network would before calling an expectation failed (Playwright's default is 5 s).
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it.")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN", "device_scale_factor": 1}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "page" in item.funcargs:
        ARTIFACTS.mkdir(exist_ok=True)
        # A failed screenshot must not hide the test's own failure.
        with contextlib.suppress(Exception):
            item.funcargs["page"].screenshot(path=str(ARTIFACTS / f"{item.name}.png"), full_page=True)


@pytest.fixture
def login(page, live_server):
    """Log in through the real login form; returns the page on the home screen."""

    def do(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do


@pytest.fixture
def guide_shot(page):
    """Save a screenshot for the user guide (docs/huong-dan/img/NAME.png with GUIDE_SCREENSHOTS=1)."""

    def shoot(name: str, *, full_page: bool = False):
        GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(GUIDE_IMAGES / f"{name}.png"), full_page=full_page)

    return shoot
