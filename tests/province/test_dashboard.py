"""The province dashboard: every commune's standing, filters, the drill-down into a
commune's pages (read-only), and a query count that does not grow with
the number of communes."""

import datetime

import pytest
from django.urls import reverse

from villages.models import Commune, HouseholdRecord, Village

MARCH = datetime.date(2024, 3, 1)


@pytest.fixture
def board(client, province_staff, in_march):
    client.force_login(province_staff.coordinator)
    return client


def rows(response) -> list[str]:
    return [row.split('"')[0] for row in response.content.decode().split('data-commune="')[1:]]


def grow(demo, count: int) -> None:
    """`count` more communes of the province, each with three villages."""
    made = Commune.objects.bulk_create(
        Commune(name=f"Mẫu {n}", province=demo.province, criteria_set=demo.criteria_set)
        for n in range(count)
    )
    villages = Village.objects.bulk_create(
        Village(commune=commune, name=f"Thôn {v}", position=v) for commune in made for v in range(3)
    )
    HouseholdRecord.objects.bulk_create(
        HouseholdRecord(village=v, as_of=datetime.date(2024, 1, 1), households=100)
        for v in villages
    )


def test_every_commune_of_the_province_is_listed_with_its_standing(board, demo):
    response = board.get(reverse("province:dashboard", kwargs={"month": MARCH}))
    assert response.status_code == 200
    assert sorted(rows(response)) == ["Khác", "Quang Trung"]
    quang_trung = response.content.decode().split('data-commune="Quang Trung"')[1]
    assert 'data-testid="met">17/19<' in quang_trung.split("</tr>")[0]


def test_filter_by_group_and_by_missing_criterion(board, demo):
    url = reverse("province:dashboard", kwargs={"month": MARCH})
    assert rows(board.get(url + "?group=3")) == ["Khác"]
    # Quang Trung misses criterion 17 (clean water) in March 2024; Khác has no figures.
    assert rows(board.get(url + "?criterion=17")) == ["Quang Trung"]


def test_a_commune_user_gets_403(client, province_staff, in_march):
    client.force_login(province_staff.standing)
    assert client.get(reverse("province:dashboard", kwargs={"month": MARCH})).status_code == 403


def test_drill_down_reads_the_commune_and_writes_nothing(board, province_staff, demo):
    other = province_staff.other
    response = board.post(reverse("province:choose_commune"), {"commune": other.pk})
    assert response.status_code == 302
    assert board.get(reverse("dashboard:month", kwargs={"month": MARCH})).status_code == 200
    close = reverse("criteria:month_close", kwargs={"month": MARCH})
    assert board.post(close).status_code == 403


def test_a_commune_of_another_province_cannot_be_chosen(client, province_staff, in_march):
    client.force_login(province_staff.stranger)
    response = client.post(reverse("province:choose_commune"), {"commune": province_staff.other.pk})
    assert response.status_code == 404
    assert client.get(reverse("dashboard:month", kwargs={"month": MARCH})).status_code == 403


@pytest.mark.parametrize("communes", [1, 98])  # 3 and 100 communes with the two above
def test_query_count_does_not_grow_with_communes(
    board, demo, communes, django_assert_max_num_queries
):
    grow(demo, communes)
    # 14 (was 15): the stored rows of every commune are read in one query for both months
    # shown, whatever the sets assessing them (criteria.matrix), never per commune.
    with django_assert_max_num_queries(14):
        response = board.get(reverse("province:dashboard", kwargs={"month": MARCH}))
    assert len(rows(response)) == communes + 2


def served_queries(client, url) -> tuple[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    return body, len(queries)


def test_the_cached_page_follows_receipts_and_communes(board, demo, province_staff, fake_pdf):
    """Served from the cache (province/cache.py) until a report is received or decided or
    a commune is added; the "Open" buttons submit the one form rendered per request."""
    import time_machine

    from reports.services import monthly_report_approve, monthly_report_send, receipt_accept

    url = reverse("province:dashboard", kwargs={"month": MARCH})
    first, rendered = served_queries(board, url)
    again, cached = served_queries(board, url)

    def table(page: str) -> str:  # the page minus its per-request CSRF tokens
        return page.split('data-testid="province-communes"')[1].split("</table>")[0]

    assert table(again) == table(first) and cached < rendered
    assert 'form="open-commune"' in first and 'name="csrfmiddlewaretoken"' in first

    with time_machine.travel(datetime.datetime(2024, 3, 15, 2, tzinfo=datetime.UTC)):
        monthly_report_approve(commune=demo, month=MARCH, user=province_staff.head)
        version = monthly_report_send(commune=demo, month=MARCH, user=province_staff.standing)
    received = board.get(url).content.decode().split('data-commune="Quang Trung"')[1]
    assert "Đã gửi đúng hạn" in received.split("</tr>")[0]
    receipt_accept(receipt=version.receipt, user=province_staff.coordinator)
    accepted = board.get(url).content.decode().split('data-commune="Quang Trung"')[1]
    assert "Đã tiếp nhận" in accepted.split("</tr>")[0]

    Commune.objects.create(name="Mới lập", province=demo.province, criteria_set=demo.criteria_set)
    assert "Mới lập" in rows(board.get(url))
