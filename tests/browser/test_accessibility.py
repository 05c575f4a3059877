"""Every page of every demo role, in Chinese and in English, passes axe-core's WCAG 2 A/AA rules, is no wider than
the window at 1366 px and at 200 % zoom, and can be used with the keyboard alone (skip link, visible focus).

The pages are found by crawling each role's navigation (the menu and its 更多 dropdown), so pages added to the menu
later are checked without changing this test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .a11y import DESKTOP, ZOOM_200, axe_violations, chinese_interface_text, describe, overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]

# Not the platform's own pages: Django's admin and the API's interactive documentation (third-party UIs).
SKIPPED_PREFIXES = ("/admin/", "/api/v1/docs/", "/api/v1/redoc/", "/api/v1/schema/")


def role_users():
    """One demo user per role (the first listed), plus the anonymous visitor (None)."""
    from ectalent.core.demo import USERS

    seen, users = set(), [None]
    for username, _name, role, *_rest in USERS:
        if role not in seen:
            seen.add(role)
            users.append(username)
    return users


def nav_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav.navbar a.nav-link[href], nav.navbar a.dropdown-item[href], nav.navbar a.navbar-brand[href]",
        "els => els.map(e => e.getAttribute('href'))")
    paths = []
    for href in hrefs:
        if not href or href.startswith("#"):
            continue
        parts = urlsplit(href)
        if parts.netloc and parts.netloc != urlsplit(base).netloc:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIPPED_PREFIXES) or path in paths:
            continue
        paths.append(path)
    return paths


def open_context(browser, live_server, language: str):
    context = browser.new_context(locale="zh-CN" if language == "zh-hans" else "en-US", viewport=DESKTOP)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return context


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Demo@2026")
    page.click("form button[type=submit], form button.btn-primary")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_of_every_role_is_accessible_and_fits(browser, live_server, language):
    from ectalent.core.demo import load_demo

    load_demo(people=4)
    problems, checked = [], set()
    for username in role_users():
        context = open_context(browser, live_server, language)
        page = context.new_page()
        page.set_default_timeout(20000)
        if username:
            log_in(page, live_server, username)
        else:
            page.goto(f"{live_server.url}/")
        for path in ["/", *nav_links(page, live_server.url)]:
            key = (username if path == "/" else "", path)  # each role's home; other pages once per language
            if key in checked:
                continue
            checked.add(key)
            response = page.goto(f"{live_server.url}{path}")
            where = f"{path} as {username or 'anonymous'} ({language})"
            if response is None or response.status >= 400:
                problems.append(f"{where}: HTTP {response.status if response else '?'}")
                continue
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}:\n{describe(violations)}")
            wide = overflow(page)
            if wide:
                problems.append(f"{where}: {wide} px wider than a 1366 px window")
            if language == "en":
                untranslated = chinese_interface_text(page)
                if untranslated:
                    problems.append(f"{where}: interface text not in English: {untranslated}")
            page.set_viewport_size(ZOOM_200)
            wide = overflow(page)
            if wide:
                problems.append(f"{where}: {wide} px wider than the window at 200 % zoom")
            page.set_viewport_size(DESKTOP)
        context.close()
    assert len(checked) > 20
    assert not problems, f"{len(problems)} problems on {len(checked)} pages:\n" + "\n".join(problems)


def test_keyboard_alone_skip_link_visible_focus_and_login(browser, live_server):
    """Tab first reaches a visible skip link that moves to the content; the focus is always visible; one can log in
    and open the 更多 menu without a mouse."""
    from ectalent.core.demo import load_demo

    load_demo(people=2)
    context = open_context(browser, live_server, "zh-hans")
    page = context.new_page()
    page.goto(f"{live_server.url}/certification/verify/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getBoundingClientRect().top]")
    assert "skip-link" in focused[0] and focused[1] >= 0  # shown on screen when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    # the focus ring shows on the dark navigation
    page.goto(f"{live_server.url}/certification/verify/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")

    # log in with the keyboard only: the username field has the focus first (autofocus)
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate("() => document.activeElement.id") == "id_username"
    page.keyboard.type("inst_staff")
    page.keyboard.press("Tab")
    page.keyboard.type("Demo@2026")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    # the 更多 dropdown opens and its items are reachable with the keyboard
    page.focus("nav .dropdown-toggle")
    page.keyboard.press("Enter")
    page.wait_for_selector("nav .dropdown-menu.show")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.classList.contains('dropdown-item')")
    context.close()


def test_a_failed_form_moves_the_focus_to_its_error_summary(browser, live_server):
    context = open_context(browser, live_server, "zh-hans")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong-password")
    page.keyboard.press("Enter")
    page.wait_for_selector("#form-errors")
    assert page.evaluate("() => document.activeElement.id") == "form-errors"
    assert "用户名或密码不正确" in page.inner_text("#form-errors")
    context.close()
