import datetime

import pytest
import time_machine
from django.urls import reverse

from criteria.selectors import latest_records
from criteria.services import FigureInput, records_save
from villages.conflicts import version_marker


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()
    assert '<html lang="vi">' in response.content.decode()


def test_demo_account_can_sign_in(client, demo):
    response = client.post(
        reverse("login"), {"username": "truongban", "password": "QuangTrung@2024"}, follow=True
    )
    assert response.context["user"].username == "truongban"
    assert "Xã Quang Trung" in response.content.decode()


def test_wrong_password_gives_a_vietnamese_message(client, demo):
    response = client.post(reverse("login"), {"username": "truongban", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu" in response.content.decode()


@time_machine.travel(datetime.datetime(2024, 3, 20, 9, 0, tzinfo=datetime.UTC))
def test_home_shows_the_demo_communes_17_of_19(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="truongban"))
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert "Xã Quang Trung" in page
    assert "318/QĐ-TTg" in page
    assert 'data-testid="criteria-met">17/19<' in page


def test_home_of_a_commune_without_data_says_unknown(
    client, no_demo, commune, make_indicator, make_user
):
    make_indicator("1.1")
    client.force_login(make_user("head", role="head", commune=commune))
    response = client.get(reverse("home"))
    assert response.context["status"].unknown_count == 1
    assert 'data-testid="criteria-met">0/1<' in response.content.decode()
    assert "Chưa có số liệu tháng nào" in response.content.decode()


@time_machine.travel(datetime.datetime(2024, 3, 20, 9, 0, tzinfo=datetime.UTC))
def test_home_figure_follows_the_data(client, demo, django_user_model):
    month = datetime.date(2024, 3, 1)
    figures = []
    for indicator in demo.criteria_set.indicators.filter(code__in=["13.2", "13.3"]):
        current = latest_records(demo, month).get(indicator=indicator)
        figures.append(FigureInput(indicator, None, {"met": True}, base=version_marker(current)))
    user = django_user_model.objects.get(username="thuongtruc")
    records_save(commune=demo, month=month, user=user, figures=figures)
    client.force_login(django_user_model.objects.get(username="captren"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="criteria-met">18/19<' in page


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_home_is_read_only(client, demo, django_user_model, method):
    client.force_login(django_user_model.objects.get(username="truongban"))
    assert getattr(client, method)(reverse("home")).status_code == 405


def test_home_query_count_is_fixed(client, demo, django_user_model, django_assert_max_num_queries):
    client.force_login(django_user_model.objects.get(username="truongban"))
    # 22 = the page's queries (the set in force: 2, the status, the head's to-do items:
    # late units, criteria at risk, the report to approve, sent reports whose figures
    # changed after sending: two) + the menu's unread count (the bell) + the session write
    # SESSION_SAVE_EVERY_REQUEST makes (the inactivity timeout counts from the last
    # request). tests/ntm_portal/test_todo.py pins every role's count at two data sizes.
    with django_assert_max_num_queries(22):
        client.get(reverse("home"))


@time_machine.travel(datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC))
def test_home_says_how_old_the_newest_figures_are_and_that_the_set_expired(
    client, demo, django_user_model
):
    client.force_login(django_user_model.objects.get(username="truongban"))
    page = client.get(reverse("home")).content.decode()
    # The home page shows the month the dashboard opens on, and says why.
    assert "Tháng 11/2026 chưa có số liệu nào: hiển thị số liệu tháng 03/2024" in page
    assert 'href="/dashboard/2024-03/"' in page
    assert "Bộ tiêu chí này áp dụng đến ngày 31/12/2025" in page
