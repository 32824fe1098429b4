"""Journey per role: sign in on today's date with a fresh demo, find the next action on
the home page without scrolling (at 1366×768 and 390×844), and reach the page where it
is done by clicking only. Screenshots of each home page go to
test-artifacts/todo/<role>-<width>.png."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from criteria.periods import add_months, current_month
from reports.models import MonthlyReport, ReportState
from tests.e2e.conftest import ARTIFACTS, sign_in
from villages.models import Commune

pytestmark = pytest.mark.e2e

VIEWPORTS = [(1366, 768), (390, 844)]
# Role → the heading of the page its first to-do item leads to.
ROLES = {
    "thon.hoploc": "Hợp Lộc",
    "hoinongdan": "Số liệu tháng",
    "ubnd": "Số liệu tháng",
    "thuongtruc": "tháng",
    "truongban": "tháng",
    "captren": "Báo cáo",
}
# Items whose page does not depend on the role: the head's first item is a criterion at
# risk whenever it outranks the month's reports (every criterion task overdue, and the
# last month's reports not due yet, as on the first days of a month).
KIND_HEADINGS = {"criterion_at_risk": "Tiêu chí"}


def first_item_in_view(page, width: int, height: int, shot: str) -> str:
    """The first to-do link, checked to be inside the first screen; its address."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    link = page.get_by_test_id("todo-item").first.get_by_role("link")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["y"] + box["height"] <= height, f"first to-do item below the fold at {width}px"
    page.screenshot(path=shot)
    return link.get_attribute("href")


@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_reaches_its_first_todo_item_by_clicking(page, username):
    if username == "captren":
        # The superior level's item is a report received: the commune sent last month's.
        commune = Commune.objects.get(name="Quang Trung")
        MonthlyReport.objects.create(
            commune=commune, month=add_months(current_month(), -1), state=ReportState.SENT
        )
    folder = ARTIFACTS / "todo"
    folder.mkdir(parents=True, exist_ok=True)
    sign_in(page, username)
    hrefs = {
        first_item_in_view(page, width, height, str(folder / f"{username}-{width}.png"))
        for width, height in VIEWPORTS
    }
    assert len(hrefs) == 1  # the same first item on a phone and on a desktop
    first = page.get_by_test_id("todo-item").first
    kind = first.get_attribute("data-kind")
    first.get_by_role("link").click()
    page.wait_for_url(f"**{hrefs.pop()}")
    expect(page.locator("h1")).to_contain_text(KIND_HEADINGS.get(kind, ROLES[username]))


def test_dashboard_first_screen_shows_the_headline_and_what_is_late(page):
    folder = ARTIFACTS / "todo"
    folder.mkdir(parents=True, exist_ok=True)
    sign_in(page, "truongban")
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(reverse("dashboard:month", kwargs={"month": current_month()}))
        headline = page.get_by_test_id("criteria-met")
        late = page.get_by_test_id("attention").get_by_role("heading")
        for locator in (headline, late):
            box = locator.bounding_box()
            assert box["y"] + box["height"] <= height
        page.screenshot(path=str(folder / f"dashboard-{width}.png"))
