"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Set SCREENSHOTS_DIR to keep a picture of each page at desktop and phone width.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# How long an action or an expect() waits for the page to get there. Generous: a passing step
# never waits for it, and under parallel load on two cores a page can take seconds to answer.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Page:
    # Reduced motion switches off Bootstrap's colour transitions, so an accessibility check
    # that runs right after a click sees final colours, not a contrast half-way through a fade.
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
    # The browser's clock runs from the server's (tests/clock.py travels the live server, which
    # shares this process): a note kept on the device and the server's save time compare on
    # one clock, and any date the page computes is the server's date.
    context.clock.install(time=timezone.now())
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    # Let requests the page still has in flight (an htmx save, a panel) finish before the
    # database is flushed, so the flush never races a live-server transaction: closing the
    # context stops the page from making more, then the live server's request threads (one
    # a request or connection) are waited for. Was: networkidle, which waits for 500 ms of
    # quiet after every test and could miss a request that starts after them.
    context.close()
    wait_until(lambda: not _live_server_requests(), seconds=5)


def _live_server_requests() -> list[threading.Thread]:
    """The live server's threads still handling a request (socketserver names each thread
    after process_request_thread; the server is in this process)."""
    return [t for t in threading.enumerate() if "process_request_thread" in t.name]


@pytest.fixture
def snap():
    """snap(page, name): screenshots at 1280 and 375 px when SCREENSHOTS_DIR is set; the page
    keeps its width afterwards."""
    folder = os.environ.get("SCREENSHOTS_DIR")

    def take(page: Page, name: str) -> None:
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        was = page.viewport_size
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=f"{folder}/{name}-{label}.png", full_page=True)
        page.set_viewport_size(was)  # the test goes on at the width it chose

    return take


def wait_until(condition, seconds: float = TIMEOUT_MS / 1000) -> bool:
    """Poll condition() until it holds (True) or the time is up (False): wait on a state of
    the server, never for a fixed time."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def page_width(page: Page) -> int:
    """The document's width once its stylesheets apply (the page's "load" event): measured
    before that, as on a busy machine, an unstyled table or form is wider than the screen."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    """Sign in through the form, as a person does: for the tests whose subject is signing in
    (the form, lockout, the second factor). The others take signed_in()."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def signed_in(page: Page, base_url: str, user, path: str | None = None) -> None:
    """`user` signed in without the sign-in form, then at `path` when given (the dashboard,
    where the form lands, is "/"). The session is a real one made by Django's own login()
    (`Client.force_login`: a row in the app's session store, last_login, django-axes'
    bookkeeping), handed to the page's browser context as its cookie. The form cost each
    browser test a sign-in page, a POST and a dashboard in Chromium and the live server
    (~65 a run); the tests of signing in itself still use sign_in()."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": base_url, "httpOnly": True}]
    )
    if path is not None:
        page.goto(base_url + path)
