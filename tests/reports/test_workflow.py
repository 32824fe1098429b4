import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError

from criteria.services import is_month_closed
from reports.builders import PdfRenderError
from reports.models import DocumentCounter, MonthlyReport, ReportState, ReportVersion
from reports.services import (
    document_number_allocate,
    monthly_report_approve,
    monthly_report_reopen,
    monthly_report_save,
    monthly_report_send,
)
from villages.conflicts import StaleEdit

MARCH = datetime.date(2024, 3, 1)
FEBRUARY = datetime.date(2024, 2, 1)


def approve_and_send(demo, staff, month=MARCH):
    monthly_report_approve(commune=demo, month=month, user=staff.head)
    return monthly_report_send(commune=demo, month=month, user=staff.standing)


def test_send_freezes_a_numbered_version_and_closes_the_month(demo, staff, fake_pdf):
    version = approve_and_send(demo, staff)
    assert (version.number, version.document_reference) == (1, "1/BC-UBND")
    assert version.pdf_sha256 == hashlib.sha256(bytes(version.pdf)).hexdigest()
    assert version.xlsx_sha256 == hashlib.sha256(bytes(version.xlsx)).hexdigest()
    assert bytes(version.docx).startswith(b"PK")
    assert version.docx_sha256 == hashlib.sha256(bytes(version.docx)).hexdigest()
    assert version.snapshot["number_line"] == "Số: 1/BC-UBND"
    assert version.report.state == ReportState.SENT
    assert is_month_closed(demo, MARCH)


def test_send_without_approval_is_refused_and_uses_no_number(demo, staff, fake_pdf):
    with pytest.raises(ValidationError, match="phải duyệt báo cáo trước khi gửi"):
        monthly_report_send(commune=demo, month=MARCH, user=staff.standing)
    assert not ReportVersion.objects.exists()
    assert not DocumentCounter.objects.filter(last_number__gt=0).exists()


def test_send_is_refused_while_the_signing_settings_disagree(demo, staff, fake_pdf):
    type(demo).objects.filter(pk=demo.pk).update(
        signing_authority="TM. BAN CHỈ ĐẠO XÃ", signer_title="PHÓ TRƯỞNG BAN"
    )
    demo.refresh_from_db()
    monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
    with pytest.raises(ValidationError, match="ký"):
        monthly_report_send(commune=demo, month=MARCH, user=staff.standing)
    assert not ReportVersion.objects.exists()
    assert not DocumentCounter.objects.filter(last_number__gt=0).exists()


def test_a_failed_send_gives_its_number_back(demo, staff, monkeypatch):
    def broken(data):
        raise PdfRenderError("pango exploded")

    monkeypatch.setattr("reports.builders.render_monthly_pdf", broken)
    monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
    with pytest.raises(ValidationError, match="PDF"):
        monthly_report_send(commune=demo, month=MARCH, user=staff.standing)
    assert not DocumentCounter.objects.filter(last_number__gt=0).exists()
    assert MonthlyReport.objects.get(month=MARCH).state == ReportState.APPROVED
    assert not is_month_closed(demo, MARCH)


def test_two_sends_never_share_a_number(demo, staff, fake_pdf):
    first = approve_and_send(demo, staff, FEBRUARY)
    second = approve_and_send(demo, staff, MARCH)
    assert (first.document_number, second.document_number) == (1, 2)
    assert document_number_allocate(commune=demo, year=2024, kind="BC") == 3


def test_correction_reopens_the_month_and_sends_version_two(demo, staff, fake_pdf):
    approve_and_send(demo, staff)
    with pytest.raises(ValidationError):
        monthly_report_reopen(commune=demo, month=MARCH, user=staff.standing, reason=" ")
    monthly_report_reopen(
        commune=demo, month=MARCH, user=staff.standing, reason="Sửa số liệu thôn Bái E"
    )
    assert not is_month_closed(demo, MARCH)
    second = approve_and_send(demo, staff)
    assert (second.number, second.document_reference) == (2, "2/BC-UBND")
    assert second.reopen_reason == "Sửa số liệu thôn Bái E"
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [1, 2]


def test_a_sent_report_cannot_be_edited(demo, staff, fake_pdf):
    approve_and_send(demo, staff)
    report = MonthlyReport.objects.get(month=MARCH)
    with pytest.raises(ValidationError, match="đã được gửi"):
        monthly_report_save(
            commune=demo,
            month=MARCH,
            user=staff.standing,
            base=f"{report.pk}:{report.version}",
            texts={"proposals": "Khác"},
        )


def test_editing_an_approved_report_needs_a_new_approval(demo, staff):
    report = monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
    report = monthly_report_save(
        commune=demo,
        month=MARCH,
        user=staff.standing,
        base=f"{report.pk}:{report.version}",
        texts={"proposals": "Đề nghị mới."},
    )
    assert (report.state, report.approved_by, report.proposals) == (
        ReportState.DRAFT,
        None,
        "Đề nghị mới.",
    )
    with pytest.raises(StaleEdit):
        monthly_report_save(
            commune=demo, month=MARCH, user=staff.standing, base=f"{report.pk}:1", texts={}
        )


def test_only_a_draft_can_be_approved(demo, staff):
    monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
    with pytest.raises(ValidationError):
        monthly_report_approve(commune=demo, month=MARCH, user=staff.head)
