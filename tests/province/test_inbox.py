"""The province's inbox: send → received → returned with a note → correction →
accepted, and who may see what."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from reports.models import ProvinceReceipt, ReceiptState
from reports.selectors import returned_reports
from reports.services import monthly_report_approve, monthly_report_reopen, monthly_report_send

MARCH = datetime.date(2024, 3, 1)


def send(demo, staff):
    monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
    return monthly_report_send(commune=demo, month=MARCH, user=staff.standing)


@pytest.fixture
def sent(demo, province_staff, fake_pdf):
    with time_machine.travel(datetime.datetime(2024, 3, 15, 2, tzinfo=datetime.UTC)):
        return send(demo, province_staff)


def test_the_inbox_flow_send_return_correct_accept(client, demo, province_staff, sent, fake_pdf):
    receipt = sent.receipt
    assert (receipt.state, receipt.on_time, receipt.province) == (
        ReceiptState.RECEIVED,
        True,
        demo.province,
    )
    client.force_login(province_staff.coordinator)
    assert "Quang Trung" in client.get(reverse("province:inbox")).content.decode()
    client.get(reverse("province:receipt", kwargs={"pk": receipt.pk}))
    receipt.refresh_from_db()
    assert receipt.seen_by == province_staff.coordinator

    response = client.post(
        reverse("province:receipt_return", kwargs={"pk": receipt.pk}),
        {"note": "Bổ sung số liệu tiêu chí 17"},
    )
    assert response.status_code == 302
    assert [r.pk for r in returned_reports(demo)] == [receipt.pk]
    client.force_login(province_staff.standing)
    page = client.get(reverse("reports:monthly", kwargs={"month": MARCH})).content.decode()
    assert "Bổ sung số liệu tiêu chí 17" in page

    with time_machine.travel(datetime.datetime(2024, 3, 18, 2, tzinfo=datetime.UTC)):
        monthly_report_reopen(
            commune=demo, month=MARCH, user=province_staff.standing, reason="Theo ý kiến tỉnh"
        )
        correction = send(demo, province_staff)
    assert correction.number == 2
    assert returned_reports(demo) == []
    assert correction.receipt.state == ReceiptState.RECEIVED
    assert not correction.receipt.on_time  # received after the due day (16/03)

    client.force_login(province_staff.coordinator)
    stale = client.post(reverse("province:receipt_accept", kwargs={"pk": receipt.pk}))
    assert stale.status_code == 302
    assert ProvinceReceipt.objects.get(pk=receipt.pk).state == ReceiptState.RETURNED
    client.post(reverse("province:receipt_accept", kwargs={"pk": correction.receipt.pk}))
    assert ProvinceReceipt.objects.get(pk=correction.receipt.pk).state == ReceiptState.ACCEPTED
    with time_machine.travel(datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)):
        board = client.get(reverse("province:dashboard", kwargs={"month": MARCH}))
    row = board.content.decode().split('data-commune="Quang Trung"')[1].split("</tr>")[0]
    assert "Sent on time" in row or "Đã gửi đúng hạn" in row
    assert "Accepted" in row or "Đã tiếp nhận" in row


def test_returning_needs_a_note_and_changes_nothing(client, province_staff, sent):
    client.force_login(province_staff.coordinator)
    url = reverse("province:receipt_return", kwargs={"pk": sent.receipt.pk})
    response = client.post(url, {"note": "   "})
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    assert ProvinceReceipt.objects.get(pk=sent.receipt.pk).state == ReceiptState.RECEIVED


def test_a_commune_user_cannot_read_the_inbox(client, province_staff, sent):
    client.force_login(province_staff.standing)
    assert client.get(reverse("province:inbox")).status_code == 403
    url = reverse("province:receipt", kwargs={"pk": sent.receipt.pk})
    assert client.get(url).status_code == 403


def test_another_province_does_not_see_the_report(client, province_staff, sent):
    client.force_login(province_staff.stranger)
    assert "Quang Trung" not in client.get(reverse("province:inbox")).content.decode()
    url = reverse("province:receipt", kwargs={"pk": sent.receipt.pk})
    assert client.get(url).status_code == 404
    accept = reverse("province:receipt_accept", kwargs={"pk": sent.receipt.pk})
    assert client.post(accept).status_code == 404
    assert ProvinceReceipt.objects.get(pk=sent.receipt.pk).state == ReceiptState.RECEIVED


def test_anonymous_is_sent_to_the_login(client, sent):
    response = client.get(reverse("province:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
