"""A figure that escaped the bounds (planted before the constraints existed, or by hand)
breaks no page: it reads as empty and the month workspace links to its correction."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from criteria.fields import MAX_VALUE
from criteria.models import IndicatorRecord

MARCH, JANUARY = datetime.date(2024, 3, 1), datetime.date(2024, 1, 1)


def plant(indicator_code: str, value: str) -> IndicatorRecord:
    record = IndicatorRecord.objects.filter(
        indicator__code=indicator_code, value__isnull=False
    ).first()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        cursor.execute(
            "UPDATE criteria_indicatorrecord SET value = %s WHERE id = %s", [value, record.pk]
        )
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    return record


def pages(record: IndicatorRecord) -> list[str]:
    months = [JANUARY, MARCH]
    return [
        reverse("home"),
        *[reverse("criteria:month", args=[m]) for m in months],
        *[reverse("criteria:indicator_month", args=[m, record.indicator.code]) for m in months],
        *[reverse("dashboard:month", args=[m]) for m in months],
        reverse("reports:monthly", args=[MARCH]),
        reverse("reports:monthly_download", args=[MARCH, "xlsx"]),
        reverse("admin:criteria_indicatorrecord_change", args=[record.pk]),
        reverse("admin:criteria_indicatorrecord_changelist"),
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL cannot hold the value")
@pytest.mark.parametrize("value", ["1e20", "-5"])
def test_pages_answer_200_with_an_out_of_range_figure(login, in_march, value):
    record = plant("10", value)
    client = login("admin")
    for url in pages(record):
        assert client.get(url).status_code == 200, url


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL cannot hold the value")
def test_month_workspace_names_the_unreadable_row_and_links_to_it(login, in_march):
    record = plant("10", "1e20")
    page = login("thuongtruc").get(reverse("criteria:month", args=[MARCH]))
    fix = reverse("criteria:indicator_month", args=[MARCH, "10"])
    assert "không đọc được" in page.content.decode()
    assert fix in page.content.decode()
    assert IndicatorRecord.objects.get(pk=record.pk).value is None


def test_a_figure_at_the_edge_reads_back_and_pages_answer_200(login, in_march):
    record = plant("10", str(MAX_VALUE))
    assert IndicatorRecord.objects.get(pk=record.pk).value == Decimal(MAX_VALUE)
    client = login("admin")
    for url in pages(record):
        assert client.get(url).status_code == 200, url
