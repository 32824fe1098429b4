"""Events announced by the floors below (after their commit) become notifications and
e-mails: a unit's report sent back → its authors; the commune's report approved → the
standing member; returned by the province → the standing member and the head."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.models import Kind, Notification
from submissions.models import Submission
from tests.notifications.conftest import at, user
from villages.conflicts import version_marker

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2024, 3, 1)


def test_a_report_sent_back_tells_its_authors(client, demo, django_capture_on_commit_callbacks):
    submission = Submission.objects.get(
        body__commune=demo, month=MARCH, body__members__username="ubnd"
    )
    client.force_login(user("thuongtruc"))
    url = reverse("submissions:send_back", kwargs={"month": MARCH, "body_pk": submission.body_id})
    with (
        time_machine.travel(at(15, hour=10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            url, {"note": "Bổ sung số liệu 13.2", "version": version_marker(submission)}
        )
    assert response.status_code == 302
    notification = Notification.objects.get(kind=Kind.SUBMISSION_SENT_BACK)
    assert notification.user.username == "ubnd"
    assert "bị trả lại" in notification.title and "Bổ sung số liệu 13.2" in notification.body
    assert not Notification.objects.filter(user__username="thuongtruc").exists()
    assert [m.to for m in mail.outbox] == [["ubnd@quangtrung.example"]]
    # The job that sent it is recorded (retryable if the mail server had refused).
    from jobs.models import Job, JobState

    assert Job.objects.get(kind="emails").state == JobState.DONE


def test_a_report_sent_back_at_night_is_mailed_in_the_morning(
    client, demo, django_capture_on_commit_callbacks
):
    submission = Submission.objects.get(
        body__commune=demo, month=MARCH, body__members__username="ubnd"
    )
    client.force_login(user("thuongtruc"))
    url = reverse("submissions:send_back", kwargs={"month": MARCH, "body_pk": submission.body_id})
    with (
        time_machine.travel(at(15, hour=23), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(url, {"note": "Bổ sung", "version": version_marker(submission)})
    assert Notification.objects.filter(user__username="ubnd").exists()
    assert mail.outbox == []


def test_approval_tells_the_standing_member(client, demo, django_capture_on_commit_callbacks):
    client.force_login(user("truongban"))
    with (
        time_machine.travel(at(15, hour=10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("reports:monthly_approve", kwargs={"month": MARCH}))
    assert response.status_code == 302
    notification = Notification.objects.get(kind=Kind.REPORT_APPROVED)
    assert notification.user.username == "thuongtruc"
    assert notification.url == "/reports/monthly/2024-03/"


def test_a_rolled_back_write_tells_nobody(client, demo, django_capture_on_commit_callbacks):
    client.force_login(user("thuongtruc"))  # not the head: refused
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:monthly_approve", kwargs={"month": MARCH}))
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_a_report_returned_by_the_province_tells_standing_and_head(
    demo, django_capture_on_commit_callbacks, fake_pdf
):
    from django.contrib.auth import get_user_model

    from reports.services import monthly_report_approve, monthly_report_send, receipt_return
    from villages.models import Profile, Role

    coordinator = get_user_model().objects.create_user("test-dieuphoi")
    Profile.objects.create(user=coordinator, province=demo.province, role=Role.COORDINATOR)
    with time_machine.travel(at(15, hour=9), tick=False):
        monthly_report_approve(commune=demo, month=MARCH, user=user("truongban"))
        report = monthly_report_send(commune=demo, month=MARCH, user=user("thuongtruc"))
    with (
        time_machine.travel(at(18, hour=9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        receipt_return(receipt=report.receipt, user=coordinator, note="Thiếu phụ lục")
    returned = Notification.objects.filter(kind=Kind.REPORT_RETURNED)
    assert {n.user.username for n in returned} == {"thuongtruc", "truongban"}
    assert all("Thiếu phụ lục" in n.body for n in returned)
