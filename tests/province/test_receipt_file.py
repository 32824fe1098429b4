"""A received report's files, as the coordinator downloads them from the inbox: the
bytes the commune sent, named in Vietnamese, and never an empty file while the version's
render job has not stored them yet (e.g. still queued on a busy worker)."""

import datetime
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from reports.builders import PdfRenderError
from reports.services import monthly_report_approve, monthly_report_send

MARCH = datetime.date(2024, 3, 1)


@pytest.fixture
def sent(demo, province_staff, fake_pdf):
    """March sent. Its render job runs after the commit, which a test's rolled-back
    transaction never reaches: the version's files are not stored yet."""
    with time_machine.travel(datetime.datetime(2024, 3, 15, 2, tzinfo=datetime.UTC)):
        monthly_report_approve(commune=demo, month=MARCH, user=province_staff.head)
        return monthly_report_send(commune=demo, month=MARCH, user=province_staff.standing)


def download(client, receipt, fmt):
    return client.get(reverse("province:receipt_file", kwargs={"pk": receipt.pk, "fmt": fmt}))


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_file_not_rendered_yet_is_rendered_stored_and_named(
    client, province_staff, sent, fmt, fake_pdf
):
    assert not bytes(getattr(sent, fmt))  # the render job has not run
    client.force_login(province_staff.coordinator)
    response = download(client, sent.receipt, fmt)
    assert response.status_code == 200
    assert response.content  # never an empty file
    sent.refresh_from_db()
    assert bytes(getattr(sent, fmt)) == response.content  # stored: the same bytes hereafter
    assert download(client, sent.receipt, fmt).content == response.content
    disposition = response["Content-Disposition"]
    assert f'filename="bao-cao-ntm-xa-quang-trung-2024-03-v1.{fmt}"' in disposition
    assert quote(f"Báo cáo NTM Xã Quang Trung 2024-03-v1.{fmt}") in disposition


def test_the_coordinator_gets_what_the_commune_downloads(client, province_staff, sent):
    client.force_login(province_staff.standing)
    url = reverse("reports:monthly_download", kwargs={"month": MARCH, "fmt": "pdf"})
    commune_copy = client.get(url, {"version": 1}).content
    client.force_login(province_staff.coordinator)
    assert download(client, sent.receipt, "pdf").content == commune_copy


def test_a_failed_render_says_so_and_stores_nothing(client, province_staff, sent, monkeypatch):
    def fail(data):
        raise PdfRenderError("WeasyPrint failed")

    monkeypatch.setattr("reports.builders.render_monthly_pdf", fail)
    client.force_login(province_staff.coordinator)
    response = download(client, sent.receipt, "pdf")
    receipt_page = reverse("province:receipt", kwargs={"pk": sent.receipt.pk})
    assert response.status_code == 302 and response.url == receipt_page
    page = client.get(receipt_page).content.decode()
    assert "Không tạo được tệp PDF" in page
    sent.refresh_from_db()
    assert not bytes(sent.pdf)


def test_another_provinces_coordinator_gets_404(client, province_staff, sent):
    client.force_login(province_staff.stranger)
    assert download(client, sent.receipt, "pdf").status_code == 404
