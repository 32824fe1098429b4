"""With the Content-Security-Policy enforced as in production, the pages the journeys use
raise no violation (the other journeys bypass CSP to inject axe-core)."""

import datetime

import pytest
import time_machine

from tests.e2e.conftest import optional_url, sign_in

pytestmark = pytest.mark.e2e

MARCH = datetime.date(2024, 3, 1)


def test_pages_raise_no_content_security_policy_violation(strict_page):
    page = strict_page
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    urls = ["/", "/months/2024-03/", "/months/2024-03/indicators/17.1/", "/criteria/"]
    urls += ["/reports/submissions/2024-03/", "/plans/2024/", "/plans/2024/tasks/", "/dossier/"]
    urls += [url for name in ("dashboard:index",) if (url := optional_url(name, month=MARCH))]
    with time_machine.travel(datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)):
        sign_in(page, "thuongtruc")
        for url in urls:
            assert page.goto(url).status == 200, url
        # Bootstrap's script runs (it is a file, allowed): the collapsed menu opens.
        page.set_viewport_size({"width": 400, "height": 800})
        page.get_by_role("button", name="Hiện menu").click()
        page.get_by_role("link", name="Báo cáo tháng").wait_for(state="visible")
    assert not refused, "\n".join(refused)
