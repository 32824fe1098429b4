"""The year-and-month picker on the month workspace, the dashboard and the commune's
reports: one choice instead of clicking "←" month after month."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("page", "target"),
    [
        ("/months/2024-03/", "/months/"),
        ("/dashboard/2024-03/", "/dashboard/"),
        ("/reports/monthly/2024-03/", "/reports/monthly/"),
    ],
)
def test_picker_is_on_each_month_page_and_leads_to_the_chosen_month(login, in_march, page, target):
    client = login("thuongtruc")
    html = client.get(page).content.decode()
    assert 'data-testid="month-picker"' in html
    assert f'action="{target}"' in html
    assert '<option value="2024" selected>' in html and '<option value="3" selected>' in html
    response = client.get(target, {"year": "2023", "m": "7"})
    assert response.status_code == 302
    assert response["Location"].startswith(page.replace("2024-03", "2023-07"))


@pytest.mark.parametrize("query", [{"year": "2024", "m": "13"}, {"year": "x", "m": "1"}])
def test_picker_refuses_a_month_that_does_not_exist(login, query):
    assert login("thuongtruc").get(reverse("criteria:months"), query).status_code == 404


def test_picker_does_not_go_beyond_the_current_month(login, in_march):
    response = login("thuongtruc").get(reverse("criteria:months"), {"year": "2030", "m": "1"})
    assert response["Location"] == "/months/2024-03/"


def test_dashboard_picker_offers_every_year_up_to_the_current_one(login, in_march):
    html = login("truongban").get("/dashboard/2024-03/").content.decode()
    picker = html[html.index('id="month-year"') :]
    assert '<option value="2021"' in picker and '<option value="2024"' in picker
