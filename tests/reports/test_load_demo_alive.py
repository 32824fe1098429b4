"""`load_demo` continued to the month before a frozen "today" (30/11/2026): the seed kept
exactly, every later month with figures, the bodies' reports and a sent report, today's
month open. One load for the whole module (it takes seconds): each test reads it."""

import datetime
import hashlib
import io

import pytest
import time_machine
from django import forms
from django.core.management import CommandError, call_command
from django.db.models import Sum

from criteria.forms import figure_fields
from criteria.models import IndicatorRecord, MonthClosure
from criteria.numbers import format_number
from criteria.selectors import commune_status
from plans.models import TaskUpdate
from reports.models import MonthlyReport, ProvinceReceipt, ReportState, ReportVersion
from submissions.models import Submission
from submissions.selectors import reporting_bodies
from villages.models import Commune

TODAY = datetime.datetime(2026, 11, 30, 3, 0, tzinfo=datetime.UTC)  # 10:00 in Hanoi
SEED_MONTHS = [datetime.date(2024, month, 1) for month in (1, 2, 3)]
OCTOBER, NOVEMBER = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)


def seed_figures():
    return sorted(
        IndicatorRecord.objects.filter(month__in=SEED_MONTHS).values_list(
            "indicator__code", "village_id", "month", "met", "numerator", "denominator", "value"
        ),
        key=str,
    )


def load(**options):
    out = io.StringIO()
    with time_machine.travel(TODAY):
        call_command("load_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def alive(django_db_setup, django_db_blocker):
    """The test database holds the seed (January–March 2024): continue it, in a
    transaction rolled back after the module."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            before = seed_figures()
            output = load()
            yield {"before": before, "output": output}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def commune(alive, db):
    return Commune.objects.get(name="Quang Trung")


def test_the_seed_is_kept_and_october_2026_has_figures(alive, commune):
    assert seed_figures() == alive["before"]
    assert IndicatorRecord.objects.filter(month=OCTOBER).exists()
    assert not IndicatorRecord.objects.filter(month__gt=OCTOBER).exists()
    assert "01/2024–10/2026" in alive["output"] and "11/2026 open" in alive["output"]
    # March 2024's reporting state, exactly: one late, two missing.
    march = Submission.objects.filter(body__commune=commune, month=SEED_MONTHS[2])
    assert march.count() == reporting_bodies(commune).count() - 2
    late = march.get(body__name="Hội Cựu chiến binh xã")
    assert late.submitted_at.date() == datetime.date(2024, 3, 18)


def test_every_past_month_has_a_sent_sample_report(alive, commune):
    reports = MonthlyReport.objects.filter(commune=commune).order_by("month")
    months = list(reports.values_list("month", flat=True))
    assert months[0] == SEED_MONTHS[0] and months[-1] == OCTOBER and len(months) == 34
    assert set(reports.values_list("state", "is_sample")) == {(ReportState.SENT, True)}
    versions = ReportVersion.objects.filter(report__commune=commune)
    assert versions.count() == 34
    first_2025 = versions.get(report__month=datetime.date(2025, 1, 1))
    assert first_2025.document_reference.startswith("1/")  # numbering restarts each year
    # Sent on the province's due day (16th), so the province receives it on time.
    assert first_2025.sent_at.date() == datetime.date(2025, 1, 16)
    assert first_2025.snapshot["month"]
    assert MonthClosure.objects.filter(commune=commune, is_closed=True).count() == 34
    assert not MonthlyReport.objects.filter(month=NOVEMBER).exists()


def test_the_province_receives_every_report_on_time(alive, commune):
    receipts = ProvinceReceipt.objects.filter(commune=commune)
    assert receipts.count() == 34
    assert all(receipt.on_time for receipt in receipts)


def test_bodies_report_mostly_on_time_and_november_is_open(alive, commune):
    bodies = reporting_bodies(commune).count()
    later = Submission.objects.filter(body__commune=commune, month__gt=SEED_MONTHS[2])
    assert set(later.values_list("is_sample", flat=True)) == {True}
    past = later.filter(month__lte=OCTOBER)
    assert past.count() == 31 * bodies
    late = [s for s in past if s.submitted_at.date() > commune.due_date(s.month)]
    assert 0 < len(late) < past.count() / 10
    november = later.filter(month=NOVEMBER)
    assert 0 < november.count() < bodies
    assert not november.filter(body__name="Hội Nông dân xã").exists()


def test_water_rises_in_the_target_villages_and_every_criterion_is_reached(alive, commune):
    def water(month):
        totals = IndicatorRecord.objects.filter(indicator__code="17.1", month=month).aggregate(
            numerator=Sum("numerator"), denominator=Sum("denominator")
        )
        return totals["numerator"] / totals["denominator"] * 100

    shares = [water(datetime.date(2024, month, 1)) for month in (4, 12)]
    shares += [water(datetime.date(2025, month, 1)) for month in (6, 12)] + [water(OCTOBER)]
    assert shares == sorted(shares) and shares[0] == 0 and shares[1] < 20 < shares[2]
    outside = IndicatorRecord.objects.filter(
        indicator__code="17.1", month=OCTOBER, village__name="Quang Thịnh"
    ).get()
    assert outside.numerator == 0
    assert commune_status(commune, SEED_MONTHS[2]).met_count == 17
    assert commune_status(commune, OCTOBER).met_count == 19
    for code in ("13.2", "13.3"):
        record = IndicatorRecord.objects.get(indicator__code=code, met=True)
        assert record.evidence and record.is_sample
    done = TaskUpdate.objects.filter(task__indicator__code="17.1", state="done", is_sample=True)
    assert done.count() == 2


def test_every_new_figure_passes_the_form_checks(alive, commune):
    refused = []
    for record in IndicatorRecord.objects.filter(month__gt=SEED_MONTHS[2]).select_related(
        "indicator"
    ):
        assert record.is_sample
        for name, field in figure_fields(record.indicator).items():
            try:
                field.clean(format_number(getattr(record, name)))
            except forms.ValidationError as error:
                refused.append((str(record), name, error.messages))
        if record.numerator is not None and record.numerator > record.denominator:
            refused.append((str(record), "numerator > denominator"))
    assert refused == []


def test_the_expired_set_keeps_its_warning(alive, commune, client, django_user_model):
    assert commune_status(commune, NOVEMBER).set_has_expired
    client.force_login(django_user_model.objects.get(username="truongban"))
    with time_machine.travel(TODAY):
        page = client.get("/").content.decode()
    assert 'data-testid="set-expired"' in page and "31/12/2025" in page


def test_a_version_sent_in_bulk_renders_its_file_once(alive, commune, client, django_user_model):
    version = ReportVersion.objects.get(report__month=OCTOBER)
    assert bytes(version.xlsx) == b"" and version.xlsx_sha256 == ""
    client.force_login(django_user_model.objects.get(username="captren"))
    first = client.get("/reports/monthly/2026-10.xlsx").content
    second = client.get("/reports/monthly/2026-10.xlsx?version=1").content
    version.refresh_from_db()
    assert first == second == bytes(version.xlsx)
    assert hashlib.sha256(first).hexdigest() == version.xlsx_sha256


def test_loading_again_adds_nothing(alive, commune):
    counts = [
        model.objects.count()
        for model in (IndicatorRecord, Submission, MonthlyReport, ReportVersion, TaskUpdate)
    ]
    load()
    assert [
        model.objects.count()
        for model in (IndicatorRecord, Submission, MonthlyReport, ReportVersion, TaskUpdate)
    ] == counts


@pytest.mark.parametrize("until", ["2024-02", "2026-11", "2026-13", "tháng 3"])
def test_until_outside_the_demo_is_refused(db, until):
    with pytest.raises(CommandError):
        load(until=until)
