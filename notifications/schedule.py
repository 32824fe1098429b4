"""What is due on a given day: the scheduled reminders of `send_reminders`, as messages
(notifications/services.py: Message) that `notify` sends once each. Reads only.

Who has reported is decided in one place, `submissions.selectors.submissions_overview`
(its `outstanding` rows: not sent, or sent back and not resent); this module never
re-derives it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Min, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from criteria.models import IndicatorRecord
from criteria.periods import add_months
from criteria.selectors import stored_status
from notifications.models import Kind
from notifications.services import Message
from plans.models import Task, TaskState
from province.selectors import newest_receipts
from submissions.models import Submission
from submissions.selectors import SubmissionRow, submissions_overview
from villages.models import Commune, Province, Role

WEEK = 7


@dataclass
class DayPlan:
    day: datetime.date
    messages: list[Message] = field(default_factory=list)
    unreached: list[str] = field(default_factory=list)
    """Units due a reminder that have no account to send it to (dry run prints them)."""


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _users(**filters: object) -> QuerySet:
    return get_user_model().objects.filter(is_active=True, **filters).order_by("username")


def commune_people(commune: Commune, *roles: str) -> list:
    return list(_users(profile__commune=commune, profile__role__in=roles))


def first_month(commune: Commune) -> datetime.date | None:
    """The month the commune started using the app: its first figure or its first body
    report (2 queries). Nothing is sent about earlier months."""
    months = [
        IndicatorRecord.objects.filter(commune=commune).aggregate(m=Min("month"))["m"],
        Submission.objects.filter(body__commune=commune).aggregate(m=Min("month"))["m"],
    ]
    months = [month for month in months if month is not None]
    return min(months) if months else None


def reminds_about(commune: Commune, month: datetime.date, start: datetime.date | None) -> bool:
    """The commune used the app by `month` and its criteria set is still in force then."""
    criteria_set = commune.criteria_set
    if criteria_set is None or start is None or month < start:
        return False
    return criteria_set.valid_to is None or criteria_set.valid_to >= month


def _escalation_round(day: datetime.date, due: datetime.date, every: int) -> int | None:
    """0 the day after the due day, 1 `every` days later, …; None on other days."""
    after = (day - due).days - 1
    if after < 0 or after % every:
        return None
    return after // every


def _months(day: datetime.date) -> list[datetime.date]:
    """The month of `day` and the one before: a unit still missing two months on is the
    monthly meeting's business, not a weekly e-mail's."""
    month = day.replace(day=1)
    return [month, add_months(month, -1)]


def _submission_url(row: SubmissionRow) -> str:
    # The link of the to-do item "report_due" (submissions/todo.py): where it is sent.
    month = row.due_date.replace(day=1)
    return reverse("submissions:submission", kwargs={"month": month, "body_pk": row.body.pk})


def unit_reminders(commune: Commune, day: datetime.date, plan: DayPlan) -> None:
    """Each unit that has not reported: N days before the due day and on the due day."""
    month = day.replace(day=1)
    due = commune.due_date(month)
    if day == due:
        stage, when = "due", _("today is the due day")
    elif (due - day).days == commune.reminder_days_before:
        stage = "before"
        when = ngettext("%(days)d day left", "%(days)d days left", commune.reminder_days_before) % {
            "days": commune.reminder_days_before
        }
    else:
        return
    for row in submissions_overview(commune, month).outstanding:
        state = _("sent back, not yet corrected") if row.submission else _("not reported")
        reason = _("%(unit)s: report for %(month)s %(state)s, due %(due)s (%(when)s)") % {
            "unit": row.body.name,
            "month": f"{month:%m/%Y}",
            "state": state,
            "due": _d(due),
            "when": when,
        }
        members = list(row.body.members.filter(is_active=True).order_by("username"))
        if not members:
            plan.unreached.append(reason)
        for user in members:
            plan.messages.append(
                Message(
                    user=user,
                    kind=Kind.UNIT_REMINDER,
                    period=f"{month:%Y-%m}:{stage}:{row.body.pk}",
                    title=_("Send the report of %(body)s for %(month)s by %(due)s")
                    % {"body": row.body.name, "month": f"{month:%m/%Y}", "due": _d(due)},
                    url=_submission_url(row),
                    lines=[reason],
                    reason=reason,
                )
            )


def escalations(
    commune: Commune, day: datetime.date, start: datetime.date | None, plan: DayPlan
) -> None:
    """The head and the standing member, the day after the due day and then every
    `escalation_every_days`: the exact list of units still missing, until it is empty."""
    people = None
    for month in _months(day):
        if not reminds_about(commune, month, start):
            continue
        due = commune.due_date(month)
        round_ = _escalation_round(day, due, commune.escalation_every_days)
        if round_ is None:
            continue
        missing = submissions_overview(commune, month).outstanding
        if not missing:
            continue
        people = people if people is not None else commune_people(commune, Role.HEAD, Role.STANDING)
        names = [row.body.name for row in missing]
        title = ngettext(
            "%(count)d unit has not reported for %(month)s (due %(due)s)",
            "%(count)d units have not reported for %(month)s (due %(due)s)",
            len(missing),
        ) % {"count": len(missing), "month": f"{month:%m/%Y}", "due": _d(due)}
        reason = f"{title}: {', '.join(names)}"
        for user in people:
            plan.messages.append(
                Message(
                    user=user,
                    kind=Kind.ESCALATION,
                    period=f"{month:%Y-%m}:escalation:{round_}",
                    title=title,
                    # The link of the to-do item "missing_units" (submissions/todo.py).
                    url=reverse("submissions:submissions", kwargs={"month": month}),
                    lines=[f"– {name}" for name in names],
                    reason=reason,
                )
            )


def overdue_tasks(commune: Commune, day: datetime.date, plan: DayPlan) -> None:
    """A task that became overdue (its deadline passed yesterday, or within the week when
    a daily run was missed): its lead body's members, once per task and deadline."""
    tasks = (
        Task.objects.filter(
            plan__commune=commune,
            deadline__gte=day - datetime.timedelta(days=WEEK),
            deadline__lt=day,
        )
        .exclude(state=TaskState.DONE)
        .select_related("lead_body")
        .prefetch_related("lead_body__members")
        .order_by("deadline", "pk")
    )
    for task in tasks:
        if task.lead_body is None:
            continue
        title = _("Task overdue: %(task)s (deadline %(deadline)s)") % {
            "task": task.title,
            "deadline": _d(task.deadline),
        }
        for user in task.lead_body.members.all():
            if not user.is_active:
                continue
            plan.messages.append(
                Message(
                    user=user,
                    kind=Kind.TASK_OVERDUE,
                    period=f"task:{task.pk}:{task.deadline:%Y-%m-%d}",
                    title=title,
                    url=reverse("plans:task", kwargs={"pk": task.pk}),
                    lines=[_("Lead body: %(body)s") % {"body": task.lead_body.name}],
                    reason=f"{task.lead_body.name}: {title}",
                )
            )


def weekly_summary(
    commune: Commune, day: datetime.date, start: datetime.date | None, plan: DayPlan
) -> None:
    """Monday: the head gets x/N criteria met and its change, the units late, the
    criteria at risk and the tasks due this week."""
    month = day.replace(day=1)
    if day.weekday() != 0 or not reminds_about(commune, month, start):
        return
    heads = commune_people(commune, Role.HEAD)
    if not heads:
        return
    status = stored_status(commune, month)
    before = stored_status(commune, add_months(month, -1))
    change = status.met_count - before.met_count
    report_month = month if day > commune.due_date(month) else add_months(month, -1)
    late = [row for row in submissions_overview(commune, report_month).attention]
    week_end = day + datetime.timedelta(days=WEEK - 1)
    tasks = list(
        Task.objects.filter(plan__commune=commune, deadline__range=(day, week_end))
        .exclude(state=TaskState.DONE)
        .order_by("deadline", "pk")
    )
    title = _("Weekly summary, week of %(day)s: %(met)d/%(total)d criteria met") % {
        "day": _d(day),
        "met": status.met_count,
        "total": status.total,
    }
    lines = [
        _("Criteria met: %(met)d/%(total)d (%(change)+d since last month)")
        % {"met": status.met_count, "total": status.total, "change": change},
        _("Units late or missing for %(month)s: %(units)s")
        % {
            "month": f"{report_month:%m/%Y}",
            "units": ", ".join(row.body.name for row in late) or _("none"),
        },
        _("Criteria at risk: %(criteria)s")
        % {
            "criteria": ", ".join(
                f"{result.criterion.number}. {result.criterion.name}" for result in status.unmet
            )
            or _("none")
        },
        _("Tasks due this week: %(tasks)s")
        % {
            "tasks": "; ".join(f"{task.title} ({_d(task.deadline)})" for task in tasks) or _("none")
        },
    ]
    for user in heads:
        plan.messages.append(
            Message(
                user=user,
                kind=Kind.WEEKLY_SUMMARY,
                period=f"{day.isocalendar().year}-W{day.isocalendar().week:02d}",
                title=title,
                url=reverse("dashboard:current"),
                lines=lines,
                reason=title,
            )
        )


def province_late(province: Province, day: datetime.date, plan: DayPlan) -> None:
    """The province's coordinators, the day after the province's due day and weekly
    after: the communes whose report has not arrived."""
    coordinators = None
    communes = list(
        Commune.objects.filter(province=province).select_related("criteria_set").order_by("name")
    )
    for month in _months(day):
        due = province.due_date(month)
        round_ = _escalation_round(day, due, WEEK)
        if round_ is None:
            continue
        received = newest_receipts(province, month)
        late = [
            commune
            for commune in communes
            if commune.pk not in received and reminds_about(commune, month, first_month(commune))
        ]
        if not late:
            continue
        if coordinators is None:
            coordinators = list(_users(profile__province=province, profile__role=Role.COORDINATOR))
        title = ngettext(
            "%(count)d commune has not sent its report for %(month)s (due %(due)s)",
            "%(count)d communes have not sent their report for %(month)s (due %(due)s)",
            len(late),
        ) % {"count": len(late), "month": f"{month:%m/%Y}", "due": _d(due)}
        for user in coordinators:
            plan.messages.append(
                Message(
                    user=user,
                    kind=Kind.PROVINCE_LATE,
                    period=f"{month:%Y-%m}:province:{round_}",
                    title=title,
                    url=reverse("province:dashboard", kwargs={"month": month}),
                    lines=[f"– {commune.full_name}" for commune in late],
                    reason=f"{title}: {', '.join(c.full_name for c in late)}",
                )
            )


def day_plan(day: datetime.date) -> DayPlan:
    """Everything due on `day`, in Vietnamese (the texts are stored and mailed)."""
    plan = DayPlan(day=day)
    with translation.override(settings.LANGUAGE_CODE):
        for commune in _communes():
            start = first_month(commune)
            if reminds_about(commune, day.replace(day=1), start):
                unit_reminders(commune, day, plan)
            escalations(commune, day, start, plan)
            overdue_tasks(commune, day, plan)
            weekly_summary(commune, day, start, plan)
        for province in Province.objects.order_by("name"):
            province_late(province, day, plan)
    return plan


def _communes() -> Iterator[Commune]:
    yield from Commune.objects.select_related("criteria_set", "province").order_by("pk")
