"""Reads about plans, each page's data in a fixed number of queries.

`resource_totals` feeds the monthly report's section IV; `tasks_for` and
`tasks_by_criterion` feed the dashboard."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from criteria.models import Criterion, Indicator
from plans.models import (
    Commitment,
    FundingSource,
    Movement,
    Plan,
    ResourceAmount,
    ResourceItem,
    Section,
    Task,
)
from villages.models import Commune


def plan_for_year(*, commune: Commune, year: int) -> Plan | None:
    """The commune's plan for a year, or None (for the dashboard and reports)."""
    return Plan.objects.select_related("criteria_set").filter(commune=commune, year=year).first()


@dataclass(frozen=True)
class CriterionTasks:
    criterion: Criterion | None
    tasks: list[Task]


@dataclass(frozen=True)
class PlanDocument:
    """What the plan document prints, section by section."""

    plan: Plan
    sections: dict[str, list[Task]]
    criteria_tasks: list[CriterionTasks]
    met_criteria: list[Criterion]


def plan_document(plan: Plan) -> PlanDocument:
    plan = plan_prefetched(plan)
    tasks = list(plan.tasks.all())
    sections = {section.value: [t for t in tasks if t.section == section] for section in Section}
    groups: dict[int | None, CriterionTasks] = {}
    for task in sections[Section.CRITERIA.value]:
        groups.setdefault(task.criterion_id, CriterionTasks(task.criterion, [])).tasks.append(task)
    unmet = [criterion.pk for criterion in plan.unmet_criteria.all()]
    met = list(plan.criteria_set.criteria.exclude(pk__in=unmet).order_by("number"))
    return PlanDocument(
        plan=plan, sections=sections, criteria_tasks=list(groups.values()), met_criteria=met
    )


def plan_prefetched(plan: Plan) -> Plan:
    """The plan with what its document prints, prefetched."""
    return (
        Plan.objects.select_related("commune", "criteria_set")
        .prefetch_related(
            "legal_bases",
            "milestones",
            Prefetch("unmet_criteria", queryset=Criterion.objects.order_by("number")),
            Prefetch("tasks", queryset=task_rows(Task.objects.all())),
            Prefetch("movements", queryset=Movement.objects.select_related("organiser")),
        )
        .get(pk=plan.pk)
    )


def task_rows(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks with what a task table shows: criterion, indicator, bodies."""
    return tasks.select_related("plan", "criterion", "indicator", "lead_body").prefetch_related(
        "supporting_bodies"
    )


def task_list(
    *,
    plan: Plan,
    today: datetime.date,
    body_id: int | None = None,
    criterion_id: int | None = None,
    state: str = "",
    quarter: int | None = None,
    overdue: bool = False,
    body_ids: set[int] | None = None,
) -> QuerySet[Task]:
    """The plan's tasks, filtered. `body_ids` restricts to tasks those bodies lead or
    support ("my tasks")."""
    tasks = Task.objects.filter(plan=plan)
    if body_id:
        tasks = tasks.for_bodies({body_id})
    if criterion_id:
        tasks = tasks.filter(criterion_id=criterion_id)
    if state:
        tasks = tasks.filter(state=state)
    if quarter:
        tasks = tasks.in_quarter(plan.year, quarter)
    if overdue:
        tasks = tasks.overdue(today)
    if body_ids is not None:
        tasks = tasks.for_bodies(body_ids)
    return task_rows(tasks)


def tasks_for(
    *, plan: Plan, criterion: Criterion | None = None, indicator: Indicator | None = None
) -> QuerySet[Task]:
    """Tasks serving a criterion (any of its indicators) or one indicator."""
    tasks = Task.objects.filter(plan=plan)
    if indicator is not None:
        tasks = tasks.filter(indicator=indicator)
    elif criterion is not None:
        tasks = tasks.filter(criterion=criterion)
    return task_rows(tasks)


def tasks_by_criterion(*, plan: Plan) -> dict[int, list[Task]]:
    """The plan's tasks that serve a criterion, keyed by criterion id (two queries)."""
    grouped: dict[int, list[Task]] = defaultdict(list)
    for task in task_rows(Task.objects.filter(plan=plan, criterion__isnull=False)):
        grouped[task.criterion_id].append(task)
    return dict(grouped)


def movements(*, plan: Plan) -> QuerySet[Movement]:
    return (
        Movement.objects.filter(plan=plan)
        .select_related("organiser")
        .prefetch_related(
            "participants",
            Prefetch("commitments", queryset=Commitment.objects.select_related("body")),
        )
    )


@dataclass(frozen=True)
class SourceTotal:
    source: FundingSource
    planned: Decimal
    actual: Decimal

    @property
    def label(self) -> str:
        return str(self.source.label)

    @property
    def unit(self) -> str:
        return self.source.unit

    @property
    def is_money(self) -> bool:
        return self.source.is_money


def resource_totals(*, plan: Plan) -> list[SourceTotal]:
    """Planned and actual totals by funding source, every source listed (zero when
    nothing is recorded), in FundingSource order; one aggregate query."""
    sums = {
        row["source"]: row
        for row in ResourceAmount.objects.filter(item__plan=plan)
        .values("source")
        .annotate(planned=Sum("planned"), actual=Sum("actual"))
        .order_by()
    }
    return [
        SourceTotal(
            source=source,
            planned=sums.get(source.value, {}).get("planned") or Decimal(0),
            actual=sums.get(source.value, {}).get("actual") or Decimal(0),
        )
        for source in FundingSource
    ]


def resource_items(*, plan: Plan) -> QuerySet[ResourceItem]:
    return (
        ResourceItem.objects.filter(plan=plan).select_related("village").prefetch_related("amounts")
    )
