"""Browser journeys: Playwright for Python driving Debian's Chromium against the live
server. One browser for all of them, one context (cookies) and page per test.

The live server runs in a thread with its own database connection, so these tests use
`transactional_db` (implied by `live_server`): the database is emptied after each one,
and each journey loads the demo itself (`load_demo` is idempotent). pytest-django runs
transactional tests after the others, so the rest of the suite keeps its preloaded demo.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "QuangTrung@2024"
# What a journey may show without failing the accessibility goal.
BLOCKING_IMPACTS = ("critical", "serious")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) "
        "to run the browser journeys"
    )
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """Keep each phase's report on the item, for the screenshot taken on failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for all the journeys.

    Package scope, not session: it closes after the last journey, and with it goes the
    DJANGO_ALLOW_ASYNC_UNSAFE below, which must not reach the tests that run later (a
    subprocess would inherit it, and `check --deploy` rightly refuses it)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread, and Django then refuses
    # ORM calls (load_demo, the flush after each test) as if they came from async code.
    # They do not: nothing else runs on that loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo_loaded(transactional_db: None) -> None:
    """The database is flushed after every transactional test: load the demo again."""
    call_command("load_demo", until="2024-03", stdout=io.StringIO())


def open_page(
    browser: Any, live_server: Any, settings: Any, request: pytest.FixtureRequest, **options: Any
) -> Iterator[Any]:
    # With the clock frozen in 2024, a CSRF cookie valid "for a year" has already expired
    # for the browser, which runs on the real clock: make it a session cookie instead.
    settings.CSRF_COOKIE_AGE = None
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(
    browser: Any, live_server: Any, demo_loaded: None, settings: Any, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """A fresh browser context (no cookies) on the live server, with the demo loaded.

    bypass_csp: axe-core is injected with add_script_tag, i.e. an inline script, which the
    app's Content-Security-Policy (script-src 'self') refuses. The app's pages use no
    inline script or style (house rule), so bypassing CSP changes nothing that axe sees;
    `strict_page` and test_csp.py check, with CSP enforced, that no page trips it.
    """
    yield from open_page(browser, live_server, settings, request, bypass_csp=True)


@pytest.fixture
def strict_page(
    browser: Any, live_server: Any, demo_loaded: None, settings: Any, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """Like `page`, with the app's Content-Security-Policy enforced as in production."""
    yield from open_page(browser, live_server, settings, request)


def optional_url(name: str, **kwargs: Any) -> str | None:
    """The path of a URL that other branches add later (dashboard, reports), or None while
    it does not exist: tries with `kwargs`, then without."""
    for attempt in (kwargs, {}):
        try:
            return reverse(name, kwargs=attempt)
        except NoReverseMatch:
            continue
    return None


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))


@pytest.fixture
def axe() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core on the page; return the critical and serious violations."""

    def run(page: Any) -> list[dict[str, Any]]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]

    return run


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable failure message: rule, impact, help and the first elements."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)
