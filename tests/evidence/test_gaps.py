""" "Thiếu minh chứng": a met indicator that needs evidence and has none for its latest
figure, on the month workspace, the indicator page and the dashboard."""

import datetime

import pytest
from django.urls import reverse

from criteria.models import IndicatorRecord
from tests.evidence import files
from tests.evidence.conftest import MARCH

pytestmark = pytest.mark.usefixtures("in_march")

MONTH_PAGE = reverse("criteria:month", kwargs={"month": MARCH})
INDICATOR_PAGE = reverse("criteria:indicator_month", kwargs={"month": MARCH, "code": "1.1"})
DASHBOARD = reverse("dashboard:month", kwargs={"month": MARCH})


def attach(client, month, code="1.1"):
    client.post(
        reverse("evidence:upload_figure", kwargs={"month": month}),
        {"indicator": code, "kind": "decision", "files": [files.pdf()]},
    )


def marked(html: str) -> bool:
    return 'data-testid="missing-evidence"' in html


def test_met_indicator_without_file_is_marked_everywhere(login):
    client = login("truongban")
    assert marked(client.get(INDICATOR_PAGE).content.decode())
    month_html = client.get(MONTH_PAGE).content.decode()
    assert marked(month_html) and "thiếu minh chứng" in month_html
    dashboard = client.get(DASHBOARD).content.decode()
    assert 'data-testid="missing-evidence-list"' in dashboard
    assert "Đạt nhưng thiếu minh chứng" in dashboard


def test_file_for_latest_figure_clears_the_mark(login):
    attach(login("thuongtruc"), MARCH)
    assert not marked(login("truongban").get(INDICATOR_PAGE).content.decode())


def test_file_older_than_the_latest_figure_does_not_count(login, demo):
    latest = (
        IndicatorRecord.objects.filter(
            indicator__code="1.1", indicator__criteria_set=demo.criteria_set
        )
        .order_by("-month")
        .first()
    )
    older = datetime.date(latest.month.year - 1, 12, 1)
    attach(login("thuongtruc"), older)
    assert marked(login("truongban").get(INDICATOR_PAGE).content.decode())


def test_indicator_without_the_flag_is_never_marked(login, demo):
    demo.criteria_set.indicators.update(requires_evidence=False)
    assert not marked(login("truongban").get(MONTH_PAGE).content.decode())
