"""`load_demo --province`: the sample communes send their monthly reports through the
real services (most on time, a few late, two missing for the latest month), and Quang
Trung's seed stays as it is."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from reports.management.commands.load_demo import _sample_months
from reports.models import MonthlyReport, ProvinceReceipt, ReportVersion
from submissions.models import Submission
from tests.conftest import around_module
from villages.models import Commune

JANUARY, FEBRUARY, MARCH = (datetime.date(2024, month, 1) for month in (1, 2, 3))


@pytest.fixture(scope="module")
def province_demo_loaded(django_db_setup, django_db_blocker):
    """Loaded once for the module's tests (it takes seconds), in a transaction rolled back
    after the last one (`around_module`): each test's own writes go with the test."""
    with around_module(django_db_blocker):
        with django_db_blocker.unblock():
            seed = list(Submission.objects.order_by("pk").values_list("pk", "submitted_at"))
            call_command("load_demo", "--province", until="2024-03", stdout=io.StringIO())
        yield seed


@pytest.fixture
def province_demo(province_demo_loaded, db):
    """Quang Trung's bodies' submissions (pk, submitted at) before the province demo."""
    return province_demo_loaded


def test_sample_communes_send_january_and_february(province_demo):
    samples = Commune.objects.filter(is_sample=True)
    assert samples.count() == 11
    january = ProvinceReceipt.objects.filter(commune__is_sample=True, month=JANUARY)
    february = ProvinceReceipt.objects.filter(commune__is_sample=True, month=FEBRUARY)
    assert january.count() == 11
    assert february.count() == 9  # two communes have not sent the latest month
    late = [receipt for receipt in [*january, *february] if not receipt.on_time]
    assert 1 <= len(late) <= 5
    # Real frozen versions with their numbers, approved and sent by the commune's own people.
    version = ReportVersion.objects.filter(report__commune__name="Minh Sơn").order_by("pk")[0]
    assert version.document_reference == "1/BC-UBND"
    assert version.sent_by.username == "minhson.thuongtruc"
    assert version.report.approved_by.username == "minhson.truongban"


def test_quang_trungs_seed_is_unchanged(province_demo):
    assert not MonthlyReport.objects.filter(commune__name="Quang Trung").exists()
    assert not ProvinceReceipt.objects.filter(month=MARCH).exists()
    seed = list(Submission.objects.order_by("pk").values_list("pk", "submitted_at"))
    assert seed[: len(province_demo)] == province_demo


def test_loading_twice_sends_nothing_more(province_demo):
    before = ReportVersion.objects.count()
    call_command("load_demo", "--province", until="2024-03", stdout=io.StringIO())
    assert ReportVersion.objects.count() == before
    assert get_user_model().objects.filter(username__endswith=".thuongtruc").count() == 11


def test_sample_months_are_the_last_three_closed():
    assert _sample_months(MARCH) == [JANUARY, FEBRUARY]
    october = datetime.date(2026, 10, 1)
    assert _sample_months(october) == [
        datetime.date(2026, 8, 1),
        datetime.date(2026, 9, 1),
        october,
    ]
