import datetime

import pytest
from django.db import IntegrityError

from submissions.models import Submission, SubmissionState, state_of, timeliness
from tests.submissions.factories import local, make_submission

DUE = datetime.date(2024, 3, 16)
MARCH = datetime.date(2024, 3, 1)


def test_late_evening_on_the_due_day_in_hanoi_is_on_time():
    # 23:30 in Hà Nội is 16:30 UTC, still the 16th either way.
    assert timeliness(local(2024, 3, 16, 23, 30), DUE) == SubmissionState.ON_TIME


def test_ten_past_midnight_after_the_due_day_is_late_although_utc_is_still_the_16th():
    at = local(2024, 3, 17, 0, 10)
    assert at.astimezone(datetime.UTC).day == 16
    assert timeliness(at, DUE) == SubmissionState.LATE


def test_early_report_is_on_time():
    assert timeliness(local(2024, 3, 2, 8), DUE) == SubmissionState.ON_TIME


def test_no_submission_is_not_submitted():
    assert state_of(None, DUE) == SubmissionState.NOT_SUBMITTED


def test_sent_back_wins_over_timeliness():
    submission = Submission(first_submitted_at=local(2024, 3, 15, 9), sent_back=True)
    assert submission.state(DUE) == SubmissionState.SENT_BACK


def test_resubmission_after_the_due_day_keeps_the_first_timeliness():
    submission = Submission(
        first_submitted_at=local(2024, 3, 15, 9), submitted_at=local(2024, 3, 20, 9)
    )
    assert submission.state(DUE) == SubmissionState.ON_TIME


def test_one_submission_per_body_and_month(body):
    make_submission(body, MARCH)
    with pytest.raises(IntegrityError):
        make_submission(body, MARCH)


def test_month_must_be_a_first_day(body):
    with pytest.raises(IntegrityError):
        make_submission(body, datetime.date(2024, 3, 5))


def test_sent_back_needs_a_note(body):
    with pytest.raises(IntegrityError):
        make_submission(body, MARCH, sent_back=True, sent_back_note="")
