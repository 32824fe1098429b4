"""A sent report never drifts silently from its data: its month reopens only through the
report's correction, and figures saved after sending are flagged on the report page."""

import datetime

import pytest
from django.urls import reverse

from criteria.models import IndicatorRecord, MonthClosure
from criteria.services import is_month_closed
from reports.models import ReportState, ReportVersion
from reports.services import monthly_report_approve, monthly_report_reopen, monthly_report_send

MARCH = datetime.date(2024, 3, 1)


@pytest.fixture
def sent_march(demo, staff, fake_pdf):
    monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
    return monthly_report_send(commune=demo, month=MARCH, user=staff.standing)


def test_the_month_page_offers_the_correction_not_a_reopen(login, sent_march):
    page = login("thuongtruc").get(reverse("criteria:month", kwargs={"month": MARCH}))
    html = page.content.decode()
    assert 'data-testid="closed-by-report"' in html
    assert sent_march.document_reference in html
    assert reverse("criteria:month_reopen", kwargs={"month": MARCH}) not in html
    assert reverse("reports:monthly", kwargs={"month": MARCH}) in html


def test_reopening_a_month_closed_by_a_sent_report_is_refused(login, sent_march):
    client = login("thuongtruc")
    response = client.post(
        reverse("criteria:month_reopen", kwargs={"month": MARCH}),
        {"reason": "Sửa số liệu"},
        follow=True,
    )
    assert "đính chính báo cáo" in response.content.decode()
    assert is_month_closed(sent_march.report.commune, MARCH)
    assert MonthClosure.objects.get(month=MARCH).sent_document == sent_march.document_reference


def test_the_correction_reopens_the_month_and_forgets_the_sent_document(demo, staff, sent_march):
    monthly_report_reopen(commune=demo, month=MARCH, user=staff.standing, reason="Sửa 17.1")
    closure = MonthClosure.objects.get(month=MARCH)
    assert (closure.is_closed, closure.sent_document) == (False, "")
    monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
    second = monthly_report_send(commune=demo, month=MARCH, user=staff.standing)
    assert MonthClosure.objects.get(month=MARCH).sent_document == second.document_reference


def test_a_figure_saved_after_sending_flags_the_report_until_a_new_version(
    demo, staff, login, sent_march
):
    page = reverse("reports:monthly", kwargs={"month": MARCH})
    html = login("truongban").get(page).content.decode()
    assert 'data-testid="changed-after-sending"' not in html
    # An administrator corrects a February figure in the admin after March was sent:
    # carried forward, it changes March's data (whatever the clock says: by history).
    record = IndicatorRecord.objects.filter(
        indicator__code="17.1", month__lte=MARCH, village__isnull=False
    ).latest("month")
    record.numerator = 5
    record.save()
    html = login("truongban").get(page).content.decode()
    assert 'data-testid="changed-after-sending"' in html
    assert "17.1" in html

    monthly_report_reopen(commune=demo, month=MARCH, user=staff.standing, reason="Số 17.1 mới")
    monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
    monthly_report_send(commune=demo, month=MARCH, user=staff.standing)
    assert ReportVersion.objects.count() == 2
    assert sent_march.report.__class__.objects.get(month=MARCH).state == ReportState.SENT
    html = login("truongban").get(page).content.decode()
    assert 'data-testid="changed-after-sending"' not in html


def test_the_changed_report_is_on_the_standing_member_and_heads_to_do_until_resent(
    demo, staff, login, sent_march
):
    page = reverse("reports:monthly", kwargs={"month": MARCH})

    def items(username):
        html = login(username).get(reverse("home")).content.decode()
        return 'data-kind="sent_report_changed"' in html and page in html

    assert not items("thuongtruc")
    record = IndicatorRecord.objects.filter(indicator__code="17.1", month__lte=MARCH).latest(
        "month"
    )
    record.numerator = (record.numerator or 0) + 1
    record.save()
    assert items("thuongtruc") and items("truongban")
    assert not items("hoinongdan")

    monthly_report_reopen(commune=demo, month=MARCH, user=staff.standing, reason="Số 17.1 mới")
    monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
    monthly_report_send(commune=demo, month=MARCH, user=staff.standing)
    assert not items("thuongtruc")
