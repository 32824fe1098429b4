import datetime

import time_machine

from criteria.periods import add_months
from submissions.models import Submission, SubmissionState
from submissions.selectors import pending_for_user, submission_history, submissions_overview
from submissions.services import submission_send_back, submission_submit
from tests.submissions.conftest import MARCH
from tests.submissions.factories import local, make_submission
from villages.models import BodyKind, ResponsibleBody, Village


def states(overview):
    return {row.body.name: row.state for row in overview.rows}


def test_every_reporting_body_in_order_villages_last(people, frozen):
    overview = submissions_overview(people.commune, MARCH)
    names = [row.body.name for row in overview.rows]
    assert names == ["Ủy ban nhân dân xã", "Hội Nông dân xã", "Thôn Một"]


def test_states_and_days_left(people, frozen):
    make_submission(people.body, MARCH, at=local(2024, 3, 9, 9))
    make_submission(
        people.farmers, MARCH, at=local(2024, 3, 9, 9), sent_back=True, sent_back_note="x"
    )
    overview = submissions_overview(people.commune, MARCH)
    assert states(overview) == {
        "Ủy ban nhân dân xã": SubmissionState.ON_TIME,
        "Hội Nông dân xã": SubmissionState.SENT_BACK,
        "Thôn Một": SubmissionState.NOT_SUBMITTED,
    }
    assert overview.days_left == 6
    assert [row.body.name for row in overview.outstanding] == ["Hội Nông dân xã", "Thôn Một"]
    assert overview.counts["on_time"] == 1


def test_days_left_is_negative_when_overdue(people):
    with time_machine.travel(local(2024, 3, 19, 9), tick=False):
        assert submissions_overview(people.commune, MARCH).days_left == -3


def test_pending_lists_only_the_users_outstanding_bodies(people, frozen):
    assert [row.body for row in pending_for_user(people.officer, MARCH)] == [people.body]
    make_submission(people.body, MARCH)
    assert pending_for_user(people.officer, MARCH) == []
    assert pending_for_user(people.head, MARCH) == []


def test_history_keeps_submission_send_back_and_resubmission(people, frozen):
    fields = {"difficulties": "", "proposals": "", "indicators_confirmed": True}
    first = submission_submit(
        body=people.body,
        month=MARCH,
        user=people.officer,
        results="Lần 1",
        base="",
        **fields,
    )
    submission_send_back(submission=first, user=people.standing, note="Sửa", base=f"{first.pk}:1")
    last = submission_submit(
        body=people.body,
        month=MARCH,
        user=people.officer,
        results="Lần 2",
        base=f"{first.pk}:2",
        **fields,
    )
    events = submission_history(last)
    assert [event.kind for event in events] == ["submitted", "sent_back", "resubmitted"]
    assert events[0].record.results == "Lần 1"
    assert events[1].by == people.standing


def bulk_data(people, villages_count: int, months: int) -> None:
    """`villages_count` more village bodies, each with a report for `months` months."""
    villages = Village.objects.bulk_create(
        Village(commune=people.commune, name=f"Thôn {n}", position=10 + n)
        for n in range(villages_count)
    )
    bodies = ResponsibleBody.objects.bulk_create(
        ResponsibleBody(
            commune=people.commune,
            name=f"Thôn số {village.position}",
            kind=BodyKind.VILLAGE,
            village=village,
            position=200 + village.position,
        )
        for village in villages
    )
    at = local(2024, 3, 9, 9)
    Submission.objects.bulk_create(
        Submission(
            body=body,
            month=add_months(MARCH, -n),
            results="x",
            first_submitted_at=at,
            submitted_at=at,
        )
        for body in bodies
        for n in range(months)
    )


def count_overview_queries(people, django_assert_max_num_queries) -> tuple[int, int]:
    with django_assert_max_num_queries(2) as captured:
        overview = submissions_overview(people.commune, MARCH)
        [row.state for row in overview.rows]
    return len(captured.captured_queries), len(overview.rows)


def test_overview_queries_small(people, frozen, django_assert_max_num_queries):
    bulk_data(people, villages_count=10, months=1)  # 11 villages with Thôn Một
    queries, rows = count_overview_queries(people, django_assert_max_num_queries)
    assert (queries, rows) == (2, 13)


def test_overview_queries_large(people, frozen, django_assert_max_num_queries):
    bulk_data(people, villages_count=39, months=24)  # 40 villages, 24 months each
    queries, rows = count_overview_queries(people, django_assert_max_num_queries)
    assert (queries, rows) == (2, 42)


def test_overview_ignores_other_months(people, frozen):
    make_submission(people.body, datetime.date(2024, 2, 1), at=local(2024, 2, 10, 9))
    overview = submissions_overview(people.commune, MARCH)
    assert overview.rows[0].state == SubmissionState.NOT_SUBMITTED
