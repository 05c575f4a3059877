"""Browser tests: Debian's Chromium driven by Playwright, against Django's live server.

Chromium is never downloaded: the tests use /usr/bin/chromium (scripts/test.sh installs the Debian package when
it can) and skip with a clear reason when it is absent.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("ECTALENT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = "Debian chromium is not installed (apt-get install chromium; scripts/test.sh does)"
        if os.environ.get("CI"):  # the accessibility and path tests must run in CI, never skip silently
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed to run beside it.
    # Restored afterwards so that it never leaks into other tests (check --deploy warns about it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page_for(browser, live_server):
    """``page_for(username)`` → a page logged in through the login form (``None``: anonymous)."""
    contexts = []

    def _page(username=None, password="Demo@2026"):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", password)
            page.click("button:has-text('登录')")
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield _page
    for context in contexts:
        context.close()

