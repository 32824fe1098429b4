"""Months already closed by a sent report name that report, so that they reopen only
through its correction (see criteria.MonthClosure.sent_document)."""

from django.db import migrations


def mark_closed_months(apps, schema_editor):
    MonthlyReport = apps.get_model("reports", "MonthlyReport")
    ReportVersion = apps.get_model("reports", "ReportVersion")
    MonthClosure = apps.get_model("criteria", "MonthClosure")
    for report in MonthlyReport.objects.filter(state="sent"):
        latest = ReportVersion.objects.filter(report=report).order_by("-number").first()
        if latest is None:
            continue
        MonthClosure.objects.filter(
            commune_id=report.commune_id, month=report.month, is_closed=True
        ).update(sent_document=latest.document_reference)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_report_sample_lazy_files"),
        ("criteria", "0007_month_closed_by_sent_report"),
    ]

    operations = [migrations.RunPython(mark_closed_months, migrations.RunPython.noop)]
