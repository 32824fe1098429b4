import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from criteria.models import MonthClosure
from submissions.models import Submission, SubmissionState
from submissions.services import submission_send_back, submission_submit
from tests.submissions.conftest import MARCH
from tests.submissions.factories import local
from villages.conflicts import StaleEdit


def submit(people, user=None, base="", month=MARCH, **fields):
    values = {
        "results": "Đã họp triển khai kế hoạch",
        "difficulties": "",
        "proposals": "",
        "indicators_confirmed": True,
    }
    values.update(fields)
    return submission_submit(
        body=people.body,
        month=month,
        user=user or people.officer,
        base=base,
        **values,
    )


def test_first_submission_is_version_one_with_history(people, frozen):
    submission = submit(people)
    assert submission.version == 1
    assert submission.submitted_by == people.officer
    assert submission.history.get().history_user == people.officer


def test_stale_version_raises_conflict_and_keeps_the_newer_text(people, frozen):
    submit(people, results="Bản của cán bộ")
    with pytest.raises(StaleEdit) as caught:
        submit(people, user=people.standing, results="Bản cũ", base="")
    assert caught.value.current.results == "Bản của cán bộ"
    assert Submission.objects.get(body__commune=people.commune).results == "Bản của cán bộ"


def test_resubmission_bumps_version_and_clears_sent_back(people, frozen):
    first = submit(people)
    sent = submission_send_back(
        submission=first, user=people.standing, note="Bổ sung số liệu", base=f"{first.pk}:1"
    )
    again = submit(people, results="Đã bổ sung", base=f"{sent.pk}:{sent.version}")
    assert (again.version, again.sent_back) == (3, False)
    assert again.history.count() == 3


def test_send_back_with_stale_version_is_a_conflict(people, frozen):
    first = submit(people)
    submit(people, results="Sửa lại", base=f"{first.pk}:1")
    with pytest.raises(StaleEdit):
        submission_send_back(submission=first, user=people.standing, note="x", base=f"{first.pk}:1")
    assert not Submission.objects.get(body__commune=people.commune).sent_back


def test_sending_back_twice_is_refused(people, frozen):
    first = submit(people)
    submission_send_back(submission=first, user=people.standing, note="a", base=f"{first.pk}:1")
    with pytest.raises(ValidationError):
        submission_send_back(submission=first, user=people.standing, note="b", base=f"{first.pk}:2")


def test_closed_month_is_refused(people, frozen):
    MonthClosure.objects.create(commune=people.commune, month=MARCH, is_closed=True)
    with pytest.raises(ValidationError, match="closed|khóa"):
        submit(people)
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_future_month_is_refused(people, frozen):
    with pytest.raises(ValidationError):
        submit(people, month=datetime.date(2024, 4, 1))
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_over_long_text_is_refused(people, frozen):
    with pytest.raises(ValidationError):
        submit(people, proposals="x" * 4001)
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_unconfirmed_indicators_are_refused(people, frozen):
    with pytest.raises(ValidationError):
        submit(people, indicators_confirmed=False)
    assert not Submission.objects.filter(body__commune=people.commune).exists()


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (local(2024, 3, 16, 23, 30), SubmissionState.ON_TIME),
        (local(2024, 3, 17, 0, 10), SubmissionState.LATE),
    ],
)
def test_submission_time_decides_on_time_or_late(people, moment, state):
    with time_machine.travel(moment, tick=False):
        submission = submit(people)
    assert submission.state(people.commune.due_date(MARCH)) == state


def test_losing_the_creation_race_is_a_conflict(people, frozen, monkeypatch):
    """Two first submissions at once: the other one's row appears after our locking read
    found nothing; the unique constraint turns ours into a StaleEdit."""
    winner = submit(people, results="Bản nộp trước")

    class NothingYet:
        def filter(self, **kwargs):
            return self

        def first(self):
            return None

    monkeypatch.setattr(Submission.objects, "select_for_update", lambda: NothingYet())
    with pytest.raises(StaleEdit) as caught:
        submit(people, user=people.standing, results="Bản nộp sau")
    assert caught.value.current == winner
    assert Submission.objects.get(body__commune=people.commune).results == "Bản nộp trước"
