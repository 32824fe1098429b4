"""Plans' to-do items (registered in `PlansConfig.ready()`): the year's overdue tasks
(standing member: all of them; officer: their bodies'), and for the head the criteria
at risk (not met this month) with how their tasks stand."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from criteria.selectors import stored_status
from plans.models import Task
from plans.selectors import plan_for_year, tasks_by_criterion
from villages.access import body_ids
from villages.models import Role
from villages.todo import Severity, TodoContext, TodoItem


def overdue_tasks(context: TodoContext) -> Iterator[TodoItem]:
    """One item counting the year's tasks past their deadline and not done (2 queries)."""
    if context.role not in (Role.STANDING, Role.OFFICER):
        return
    plan = plan_for_year(commune=context.commune, year=context.today.year)
    if plan is None:
        return
    tasks = Task.objects.filter(plan=plan).overdue(context.today)
    query = {"overdue": "on"}
    if context.role == Role.OFFICER:
        bodies = body_ids(context.user)
        if not bodies:
            return
        tasks = tasks.for_bodies(bodies)
        query["mine"] = "on"
    count = tasks.count()
    if not count:
        return
    yield TodoItem(
        kind="tasks_overdue",
        title=ngettext(
            "%(count)d task of the %(year)d plan is overdue",
            "%(count)d tasks of the %(year)d plan are overdue",
            count,
        )
        % {"count": count, "year": plan.year},
        url=f"{reverse('plans:tasks', kwargs={'year': plan.year})}?{urlencode(query)}",
        severity=Severity.OVERDUE,
        today=context.today,
    )


def criteria_at_risk(context: TodoContext) -> Iterator[TodoItem]:
    """The head: each criterion not met this month, with its tasks in the year's plan;
    urgent when it has no task or all of them are overdue (status + 3 queries)."""
    if context.role != Role.HEAD:
        return
    month = context.status_month
    status = context.memo(f"commune_status:{month}", lambda: stored_status(context.commune, month))
    if not status.unmet:
        return
    plan = plan_for_year(commune=context.commune, year=month.year)
    tasks = tasks_by_criterion(plan=plan) if plan else {}
    for result in status.unmet:
        criterion = result.criterion
        own = tasks.get(criterion.pk, [])
        overdue = [task for task in own if task.is_overdue(context.today)]
        if not own:
            detail = _("No task of the plan serves it")
        elif len(overdue) == len(own):
            detail = _("All its %(count)d tasks are overdue") % {"count": len(own)}
        else:
            detail = ngettext(
                "%(count)d task in the plan, %(overdue)d overdue",
                "%(count)d tasks in the plan, %(overdue)d overdue",
                len(own),
            ) % {"count": len(own), "overdue": len(overdue)}
        yield TodoItem(
            kind="criterion_at_risk",
            title=_("Criterion %(number)d (%(name)s) is not met")
            % {"number": criterion.number, "name": criterion.name},
            detail=detail,
            url=reverse("dashboard:criterion", kwargs={"month": month, "number": criterion.number}),
            severity=Severity.OVERDUE if len(overdue) == len(own) else Severity.DUE,
            today=context.today,
        )
