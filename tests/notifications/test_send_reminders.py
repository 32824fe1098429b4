"""`send_reminders`: who is reminded on which day of March 2024 (the demo: Hội Nông dân
xã and Thôn Quang Thịnh have not reported; Hội Cựu chiến binh xã reported late, on the
18th; every other unit on time), once each, with the e-mails in the locmem outbox."""

import datetime

import pytest
import time_machine
from django.core import mail

from notifications.models import Email, Kind, Notification, Sent
from plans.models import Task, TaskState
from tests.notifications.conftest import at, run, user
from villages.models import ResponsibleBody

pytestmark = pytest.mark.django_db


def notified(kind: str) -> dict[str, list[str]]:
    rows = Notification.objects.filter(kind=kind).select_related("user").order_by("pk")
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row.user.username, []).append(row.body)
    return found


def test_three_days_before_only_units_that_have_not_reported_are_reminded(demo):
    with time_machine.travel(at(13), tick=False):
        out = run()
    assert set(notified(Kind.UNIT_REMINDER)) == {"hoinongdan"}
    assert [message.to for message in mail.outbox] == [["hoinongdan@quangtrung.example"]]
    # Thôn Quang Thịnh has no account: said, not silently dropped.
    assert "Thôn Quang Thịnh" in out
    assert not Notification.objects.exclude(kind=Kind.UNIT_REMINDER).exists()


def test_nothing_on_an_ordinary_day(demo):
    with time_machine.travel(at(12), tick=False):
        run()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_day_after_the_due_day_the_head_gets_the_exact_missing_list(demo):
    with time_machine.travel(at(17), tick=False):
        run()
    escalations = notified(Kind.ESCALATION)
    assert escalations["truongban"] == ["– Hội Nông dân xã\n– Thôn Quang Thịnh"]
    assert set(escalations) == {"truongban", "thuongtruc"}
    head_mail = next(m for m in mail.outbox if m.to == ["truongban@quangtrung.example"])
    assert "Hội Nông dân xã" in head_mail.body and "Thôn Quang Thịnh" in head_mail.body
    assert "Hội Cựu chiến binh" not in head_mail.body


def test_the_escalation_comes_back_weekly_until_complete(demo):
    with time_machine.travel(at(17), tick=False):
        run()
    with time_machine.travel(at(20), tick=False):
        run()
    assert len(notified(Kind.ESCALATION)["truongban"]) == 1
    with time_machine.travel(at(24), tick=False):
        run()
    assert len(notified(Kind.ESCALATION)["truongban"]) == 2


def test_running_twice_sends_nothing_more(demo):
    with time_machine.travel(at(13), tick=False):
        run()
        counts = (Notification.objects.count(), Sent.objects.count(), len(mail.outbox))
        out = run()
    assert (Notification.objects.count(), Sent.objects.count(), len(mail.outbox)) == counts
    assert "0 reminders sent, 1 already sent before" in out


def test_date_option_and_dry_run_send_and_record_nothing(demo):
    out = run("--date", "2024-03-13", "--dry-run")
    assert "hoinongdan <hoinongdan@quangtrung.example> [unit_reminder] Hội Nông dân xã" in out
    assert "Thôn Quang Thịnh" in out
    assert "Hội Cựu chiến binh" not in out
    assert not Sent.objects.exists() and not Notification.objects.exists()
    assert mail.outbox == []


def test_a_bad_date_is_refused(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "13/03/2024")


def test_quiet_hours_defer_the_email_until_seven(demo):
    with time_machine.travel(at(13, hour=22), tick=False):
        run()
    assert Notification.objects.filter(user__username="hoinongdan").exists()
    assert mail.outbox == []
    assert Email.objects.get().send_after == at(14, hour=7)
    with time_machine.travel(at(14, hour=6, minute=59), tick=False):
        run("--emails-only")
    assert mail.outbox == []
    with time_machine.travel(at(14, hour=7, minute=5), tick=False):
        run("--emails-only")
    assert len(mail.outbox) == 1
    assert Email.objects.get().sent_at is not None


def test_a_refused_email_is_kept_and_retried(demo, settings, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def refuse(self, fail_silently=False):
        raise OSError("Connection refused")

    with time_machine.travel(at(13), tick=False):
        monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
        run()
        email = Email.objects.get()
        assert (email.sent_at, email.attempts, email.last_error) == (None, 1, "Connection refused")
        monkeypatch.undo()
    with time_machine.travel(at(13, minute=10), tick=False):
        run("--emails-only")
    assert len(mail.outbox) == 1
    assert Email.objects.get().attempts == 2


def test_several_reminders_the_same_day_come_as_one_digest(demo):
    standing = user("thuongtruc")
    for name in ("Hội Nông dân xã", "Thôn Quang Thịnh"):
        ResponsibleBody.objects.get(commune=demo, name=name).members.add(standing)
    with time_machine.travel(at(13), tick=False):
        run()
    assert len(notified(Kind.UNIT_REMINDER)["thuongtruc"]) == 2
    to_standing = [m for m in mail.outbox if m.to == ["thuongtruc@quangtrung.example"]]
    assert len(to_standing) == 1
    assert "2 nhắc việc" in to_standing[0].subject


def test_email_content_is_vietnamese_with_links(demo):
    with time_machine.travel(at(13), tick=False):
        run()
    message = mail.outbox[0]
    body_pk = ResponsibleBody.objects.get(commune=demo, name="Hội Nông dân xã").pk
    link = f"http://127.0.0.1:8000/reports/submissions/2024-03/{body_pk}/"
    assert message.subject == (
        "[Cổng NTM] Gửi báo cáo của Hội Nông dân xã tháng 03/2024 trước ngày 16/03/2024"
    )
    assert "còn 3 ngày" in message.body
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert "/notifications/unsubscribe/" in html and "/notifications/unsubscribe/" in message.body


def test_nothing_for_an_expired_criteria_set(demo):
    demo.criteria_set.valid_to = datetime.date(2024, 2, 29)
    demo.criteria_set.save(update_fields=["valid_to"])
    with time_machine.travel(at(13), tick=False):
        run()
    assert not Notification.objects.exists()


def test_nothing_for_months_before_the_commune_started(demo):
    # The demo's first figures and reports are of January 2024: in December 2023 every
    # unit "has not reported", and nobody is told.
    assert "Nothing to send on this day." in run("--date", "2023-12-13", "--dry-run")
    run("--date", "2023-12-17")
    assert not Notification.objects.exists()


def test_a_task_becoming_overdue_goes_to_its_lead_body(demo):
    task = Task.objects.filter(plan__commune=demo, lead_body__members__isnull=False).first()
    Task.objects.filter(pk=task.pk).update(
        deadline=datetime.date(2024, 3, 11), state=TaskState.IN_PROGRESS
    )
    members = set(task.lead_body.members.values_list("username", flat=True))
    with time_machine.travel(at(12), tick=False):
        run()
        run()
    assert set(notified(Kind.TASK_OVERDUE)) == members
    assert Notification.objects.filter(kind=Kind.TASK_OVERDUE).count() == len(members)
    assert (
        Notification.objects.filter(kind=Kind.TASK_OVERDUE).first().url
        == f"/plans/tasks/{task.pk}/"
    )


def test_weekly_summary_to_the_head_on_monday(demo):
    with time_machine.travel(at(18), tick=False):  # a Monday
        run()
    summary = Notification.objects.get(kind=Kind.WEEKLY_SUMMARY)
    assert summary.user.username == "truongban"
    assert "17/19" in summary.title
    assert "Hội Nông dân xã" in summary.body and "Thôn Quang Thịnh" in summary.body


def test_old_notifications_are_purged_after_twelve_months(demo):
    with time_machine.travel(at(13), tick=False):
        run()
    with time_machine.travel(at(14, month=3) + datetime.timedelta(days=366), tick=False):
        run()
    assert not Notification.objects.filter(kind=Kind.UNIT_REMINDER).exists()


def test_the_daily_run_removes_expired_job_files(demo, settings):
    """The one daily run of an installation also forgets the files jobs prepared, once
    JOBS_KEEP_DAYS have passed (jobs.services.jobs_purge)."""
    from jobs.models import Job, JobState
    from jobs.services import job_result_save, results

    settings.JOBS_KEEP_DAYS = 7
    with time_machine.travel(at(1), tick=False):
        job = Job.objects.create(
            kind="dossier", func="x", commune=demo, page_url="/dossier/", state=JobState.DONE
        )
        job_result_save(job, content=b"PK", filename="a.zip", display_name="a.zip", content_type="")
    with time_machine.travel(at(7), tick=False):
        run()
    assert Job.objects.filter(pk=job.pk).exists()
    with time_machine.travel(at(9), tick=False):
        run()
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not results().exists(job.result_file)
