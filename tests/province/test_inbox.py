"""The province's inbox: send → received → returned with a note → correction →
accepted, and who may see what."""

import datetime
import re

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


def returned_items(client, user) -> list[str]:
    """The home page's "returned by the province" to-do items, as text with their link."""
    client.force_login(user)
    with time_machine.travel(datetime.datetime(2024, 3, 16, 2, tzinfo=datetime.UTC)):
        page = client.get(reverse("home")).content.decode()
    bodies = re.findall(r'data-kind="report_returned">(.*?)</li>', page, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip() for body in bodies]


def test_a_returned_report_is_on_the_commune_to_do_list_until_corrected(
    client, demo, province_staff, sent, fake_pdf
):
    assert returned_items(client, province_staff.standing) == []
    client.force_login(province_staff.coordinator)
    client.post(
        reverse("province:receipt_return", kwargs={"pk": sent.receipt.pk}),
        {"note": "Bổ sung số liệu tiêu chí 17"},
    )
    march = reverse("reports:monthly", kwargs={"month": MARCH})
    for user in (province_staff.standing, province_staff.head):
        [item] = returned_items(client, user)
        assert "Tỉnh trả lại báo cáo tháng 03/2024" in item
        assert "Bổ sung số liệu tiêu chí 17" in item
        client.force_login(user)
        with time_machine.travel(datetime.datetime(2024, 3, 16, 2, tzinfo=datetime.UTC)):
            assert f'href="{march}"' in client.get(reverse("home")).content.decode()
    with time_machine.travel(datetime.datetime(2024, 3, 18, 2, tzinfo=datetime.UTC)):
        monthly_report_reopen(
            commune=demo, month=MARCH, user=province_staff.standing, reason="Theo ý kiến tỉnh"
        )
        send(demo, province_staff)
    assert returned_items(client, province_staff.standing) == []
