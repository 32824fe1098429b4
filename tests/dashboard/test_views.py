import datetime
import re

import pytest
import time_machine

from criteria.models import IndicatorRecord
from tests.dashboard.conftest import MARCH, fill_history

URL = "/dashboard/2024-03/"


def test_demo_march_2024_as_the_head(login, in_march):
    """The issue's done-when: 17/19, criteria 13 and 17 opened into 13.2, 13.3 and the
    water indicator with the five target villages, every body's report, the trend."""
    response = login("truongban").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'data-testid="criteria-met">17/19<', html)
    for code in ("13.2", "13.3", "17.1"):
        assert f'data-testid="gap-{code}"' in html
    assert 'data-testid="unmet-13"' in html and 'data-testid="unmet-17"' in html
    water = response.context["data"].village_charts
    targets = {row.village.name for c in water if c.indicator.code == "17.1" for row in c.targets}
    assert targets == {"Hợp Lộc", "Thuận Hòa", "Bái E", "Ràm Duộng", "Quang Vinh"}
    assert "★ Hợp Lộc" in html
    rows = {row.body.name: row.state for row in response.context["data"].submissions.rows}
    assert len(rows) == 19
    assert rows["Hội Nông dân xã"] == "not_submitted"
    assert rows["Hội Cựu chiến binh xã"] == "late"
    assert "trend-met-title" in html and "trend-indicator-title" in html


def test_gap_names_the_percentage_points_and_households(login, in_march):
    data = login("truongban").get(URL).context["data"]
    water = next(g for u in data.unmet for g in u.indicators if g.result.indicator.code == "17.1")
    assert water.gap.startswith("còn thiếu 20,00 điểm %")  # percentage decimals
    assert "361" in water.gap  # 20 % of the 1 805 households
    assert len(water.tasks) == 2
    assert water.result.lead_body is not None


def test_headline_change_from_previous_month(login, in_march):
    data = login("truongban").get(URL).context["data"]
    assert data.previous.month == datetime.date(2024, 2, 1)
    assert data.change == data.status.met_count - data.previous.met_count
    assert sum(g.group.met_count for g in data.groups) == 17


def test_current_redirects_to_the_reporting_month(login, in_march):
    response = login("truongban").get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == URL


def test_current_falls_back_to_the_latest_month_with_figures(login):
    # Today (real clock) is long after the demo's March 2024.
    client = login("truongban")
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "03/2024" in str(list(response.context["messages"])[0])


def test_month_selector_without_javascript(login, in_march):
    response = login("truongban").get("/dashboard/?month=2024-02")
    assert response["Location"] == "/dashboard/2024-02/"
    assert login("truongban").get("/dashboard/?month=2024-2").status_code == 404


@pytest.mark.parametrize(
    "username", ["truongban", "thuongtruc", "ubnd", "hoinongdan", "thon.hoploc", "captren"]
)
def test_every_role_can_read(login, in_march, username):
    client = login(username)
    village = client.get(URL).context["data"].status.commune.villages.first()
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}criteria/17/").status_code == 200
    assert client.get(f"{URL}villages/{village.pk}/").status_code == 200


@pytest.mark.parametrize("path", ["/dashboard/", URL, f"{URL}criteria/17/", f"{URL}villages/1/"])
def test_anonymous_goes_to_login(client, demo, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/dashboard/", URL, f"{URL}criteria/17/"])
def test_post_is_not_allowed(login, in_march, path):
    assert login("truongban").post(path).status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/2024-04/",  # future
        "/dashboard/2024-13/",  # malformed
        "/dashboard/24-03/",
        f"{URL}?trend=99.9",  # unknown indicator
        f"{URL}?trend=13.2",  # yes/no indicator: no value to draw
        f"{URL}criteria/99/",
        f"{URL}villages/999999/",
    ],
)
def test_bad_input_is_404(login, in_march, path):
    assert login("truongban").get(path).status_code == 404


def test_month_before_the_set_starts_says_so(login, in_march):
    response = login("truongban").get("/dashboard/2020-01/")
    assert response.status_code == 200
    assert 'data-testid="before-set"' in response.content.decode()


def test_trend_indicator_is_chosen(login, in_march):
    data = login("truongban").get(f"{URL}?trend=15.1").context["data"]
    assert data.trend_indicator.indicator.code == "15.1"
    assert len(data.trend) == 12
    assert [p.met for p in data.trend][-3:] == [17, 17, 17]
    assert data.trend[0].met is None  # before any figure


def test_data_health_lists_unconfirmed_warnings(login, in_march, demo):
    record = IndicatorRecord.objects.filter(indicator__code="11", month=MARCH).first()
    record.warning = "Tăng bất thường"
    record.save(update_fields=["warning"])
    health = login("truongban").get(URL).context["data"].health
    assert [r.pk for _result, r in health.unconfirmed] == [record.pk]
    assert health.confirmed == []


def test_data_health_lists_stale_figures(login):
    with time_machine.travel(datetime.datetime(2024, 9, 20, tzinfo=datetime.UTC)):
        health = login("truongban").get("/dashboard/2024-09/").context["data"].health
    assert health.stale


def test_criterion_page(login, in_march):
    response = login("truongban").get(f"{URL}criteria/17/")
    page = response.context["page"]
    html = response.content.decode()
    assert page.result.criterion.number == 17
    assert any(code == "17.1" for code in (r.indicator.code for r, _p, _c in page.history))
    water = next(c for c in page.village_charts if c.indicator.code == "17.1")
    assert len(water.targets) == 5
    assert "villages-" in html


def test_per_village_tables_are_on_the_criterion_page_not_the_dashboard(login, in_march, demo):
    """The dashboard keeps the per-village charts and links to their tables; a village's
    row (and its link to the village's page) is on the criterion's page."""
    client = login("truongban")
    village = demo.villages.get(name="Hợp Lộc")
    link = f'href="{URL}villages/{village.pk}/"'
    dashboard = client.get(URL).content.decode()
    assert "villages-" in dashboard and link not in dashboard
    assert f'href="{URL}criteria/17/#villages-' in dashboard
    criterion = client.get(f"{URL}criteria/17/").content.decode()
    assert link in criterion


def test_dashboard_charts_the_villages_to_act_on_not_every_village(login, in_march, demo):
    """At 30 villages a dashboard chart shows 12 (no figure or furthest below the
    threshold) plus the plan's targets; the criterion's page shows all 30."""
    fill_history(demo, first=MARCH, last=MARCH, villages=30)
    water = demo.criteria_set.indicators.get(code="17.1")
    record = IndicatorRecord.objects.get(indicator=water, month=MARCH, village__name="Thôn thử 20")
    record.numerator = 1  # 1 % clean water: the worst village
    record.save()
    client = login("truongban")
    response = client.get(URL)
    chart = next(c for c in response.context["data"].village_charts if c.indicator == water)
    names = [row.village.name for row in chart.rows]
    assert chart.villages == 30 and chart.is_partial
    assert names[0] == "Thôn thử 20"
    assert len(names) == 12 + len(
        {"Hợp Lộc", "Thuận Hòa", "Bái E", "Ràm Duộng", "Quang Vinh"} - set(names[:12])
    )
    assert f"{len(names)} trên 30 thôn" in response.content.decode()
    full = client.get(f"{URL}criteria/17/").context["page"].village_charts
    assert len(next(c for c in full if c.indicator == water).rows) == 30


def test_village_page(login, in_march, demo):
    village = demo.villages.get(name="Hợp Lộc")
    response = login("truongban").get(f"{URL}villages/{village.pk}/")
    page = response.context["page"]
    assert page.village == village
    assert {f.indicator.code for f in page.figures} >= {"17.1", "11", "15.1"}
    assert page.register
    assert page.submissions and page.submissions[0][0].month == MARCH


def test_fresh_commune_without_figures_shows_empty_state(no_demo, commune, make_user, client):
    client.force_login(make_user("head", "head", commune))
    with time_machine.travel(datetime.datetime(2024, 3, 20, tzinfo=datetime.UTC)):
        response = client.get(URL)
    assert response.status_code == 200
    assert 'data-testid="empty-state"' in response.content.decode()


def test_installation_without_commune_shows_empty_state(no_demo, make_user, client):
    client.force_login(make_user("nobody"))
    response = client.get("/dashboard/", follow=True)
    assert response.status_code == 200
    assert 'data-testid="empty-state"' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "previous", "has_selector"),
    [
        (URL, "/dashboard/2024-02/", True),
        ("/dashboard/2024-03/criteria/17/", "/dashboard/2024-02/criteria/17/", False),
        ("/months/2024-03/", "/months/2024-02/", True),
    ],
)
def test_every_month_page_has_the_same_navigation(login, in_march, url, previous, has_selector):
    html = login("truongban").get(url).content.decode()
    assert f'href="{previous}">← 02/2024</a>' in html
    assert "04/2024 →" not in html  # April 2024 is in the future
    assert ('data-testid="month-picker"' in html) is has_selector
