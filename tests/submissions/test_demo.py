import datetime

from django.core.management import call_command

from submissions.models import Submission, SubmissionState
from submissions.selectors import submissions_overview


def states(commune, month):
    return {row.body.name: row.state for row in submissions_overview(commune, month).rows}


def test_january_and_february_all_on_time(demo):
    for month in (datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)):
        assert set(states(demo, month).values()) == {SubmissionState.ON_TIME}


def test_march_one_late_two_missing(demo):
    march = states(demo, datetime.date(2024, 3, 1))
    assert march["Hội Cựu chiến binh xã"] == SubmissionState.LATE
    assert march["Hội Nông dân xã"] == SubmissionState.NOT_SUBMITTED
    assert march["Thôn Quang Thịnh"] == SubmissionState.NOT_SUBMITTED
    assert list(march.values()).count(SubmissionState.ON_TIME) == len(march) - 3


def test_demo_reports_are_sample_data_in_vietnamese(demo):
    assert not Submission.objects.filter(is_sample=False).exists()
    ubnd = Submission.objects.get(body__name="Ủy ban nhân dân xã", month="2024-03-01")
    assert "13.2" in ubnd.results and "nước sạch" in ubnd.proposals


def test_loading_again_adds_and_overwrites_nothing(demo):
    Submission.objects.filter(body__name="Trạm Y tế xã").update(results="Đã sửa")
    before = Submission.objects.count()
    call_command("load_demo", until="2024-03", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Submission.objects.count() == before
    assert set(
        Submission.objects.filter(body__name="Trạm Y tế xã").values_list("results", flat=True)
    ) == {"Đã sửa"}


def test_demo_reports_are_by_the_bodies_own_accounts(demo):
    ubnd = Submission.objects.get(body__name="Ủy ban nhân dân xã", month="2024-03-01")
    assert ubnd.submitted_by.username == "ubnd"
