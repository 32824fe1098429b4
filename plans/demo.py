"""The demo commune's 2024 plan, from fixtures/demo-plan-2024-quang-trung.json.

Get-or-create throughout: loading twice adds nothing, and a plan, task or movement that
already exists is left as the user changed it (its links and log are only filled when
it is created). Tasks and progress go through the services, so the demo obeys the same
rules as the forms."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from criteria.models import CriteriaSet
from plans.models import LegalBasis, Milestone, Movement, Plan, ResourceAmount, ResourceItem, Task
from plans.services import task_create, task_progress_post
from villages.conflicts import version_marker
from villages.demo import bodies_by_key, demo_data
from villages.models import Commune, ResponsibleBody

PLAN_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo-plan-2024-quang-trung.json"


def plan_data() -> dict[str, Any]:
    return json.loads(PLAN_FILE.read_text(encoding="utf-8"))


def _bodies(keys: list[str], by_key: dict[str, ResponsibleBody]) -> list[ResponsibleBody]:
    """Bodies by demo key; "villages" stands for every village's body."""
    bodies: list[ResponsibleBody] = []
    for key in keys:
        if key == "villages":
            bodies += [body for k, body in by_key.items() if k.startswith("village:")]
        else:
            bodies.append(by_key[key])
    return bodies


def load_plan_2024(commune: Commune) -> Plan:
    data = plan_data()
    by_key = bodies_by_key(commune, demo_data())
    fields = dict(data["plan"])
    criteria_set = CriteriaSet.objects.get(code=fields.pop("criteria_set"))
    unmet = fields.pop("unmet_criteria")
    fields["date"] = datetime.date.fromisoformat(fields["date"])
    for key in ("purposes", "requirements", "recipients"):
        fields[key] = "\n".join(fields[key])
    plan, created = Plan.objects.get_or_create(
        commune=commune,
        year=fields.pop("year"),
        defaults={**fields, "criteria_set": criteria_set},
    )
    if created:
        plan.unmet_criteria.set(criteria_set.criteria.filter(number__in=unmet))

    for position, item in enumerate(data["legal_bases"], start=1):
        LegalBasis.objects.get_or_create(
            plan=plan,
            number=item["number"],
            date=datetime.date.fromisoformat(item["date"]),
            defaults={
                "position": position,
                "kind": item["kind"],
                "issuer": item["issuer"],
                "title": item["title"],
            },
        )
    for item in data["milestones"]:
        Milestone.objects.get_or_create(
            plan=plan, quarter=item["quarter"], defaults={"description": item["description"]}
        )

    tasks = _load_tasks(plan, data["tasks"], by_key)
    _load_progress(tasks, data["progress"])
    _load_movements(plan, data["movements"], by_key)
    _load_resources(plan, commune, data["resources"])
    return plan


def _load_tasks(
    plan: Plan, items: list[dict[str, Any]], by_key: dict[str, ResponsibleBody]
) -> dict[str, tuple[Task, bool]]:
    indicators = {i.code: i for i in plan.criteria_set.indicators.all()}
    criteria = {c.number: c for c in plan.criteria_set.criteria.all()}
    tasks = {}
    for position, item in enumerate(items, start=1):
        existing = Task.objects.filter(plan=plan, title=item["title"]).first()
        if existing:
            tasks[item["key"]] = (existing, False)
            continue
        task = task_create(
            plan=plan,
            title=item["title"],
            description=item["description"],
            section=item["section"],
            criterion=criteria.get(item["criterion"]),
            indicator=indicators.get(item["indicator"]),
            lead_body=by_key[item["lead"]] if item["lead"] else None,
            supporting_bodies=_bodies(item["support"], by_key),
            deadline=datetime.date.fromisoformat(item["deadline"]) if item["deadline"] else None,
            quarters=item["quarters"],
            position=position,
        )
        tasks[item["key"]] = (task, True)
    return tasks


def _load_progress(tasks: dict[str, tuple[Task, bool]], items: list[dict[str, Any]]) -> None:
    """Sample updates, posted only on tasks this load created."""
    users = {user.username: user for user in get_user_model().objects.all()}
    for item in items:
        task, created = tasks[item["task"]]
        if not created:
            continue
        task.refresh_from_db()
        day = datetime.date.fromisoformat(item["date"])
        task_progress_post(
            task=task,
            user=users.get(item["author"]),
            progress=Decimal(item["progress"]),
            state=item["state"],
            note=item["note"],
            base=version_marker(task),
            when=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
            is_sample=True,
        )


def _load_movements(
    plan: Plan, items: list[dict[str, Any]], by_key: dict[str, ResponsibleBody]
) -> None:
    for position, item in enumerate(items, start=1):
        movement, created = Movement.objects.get_or_create(
            plan=plan,
            name=item["name"],
            defaults={"position": position, "organiser": by_key[item["organiser"]]},
        )
        if created:
            movement.participants.set(_bodies(item["participants"], by_key))


def _load_resources(plan: Plan, commune: Commune, items: list[dict[str, Any]]) -> None:
    villages = {village.name: village for village in commune.villages.all()}
    for position, item in enumerate(items, start=1):
        total = item["total_investment"]
        resource, created = ResourceItem.objects.get_or_create(
            plan=plan,
            name=item["name"],
            defaults={
                "position": position,
                "village": villages.get(item["village"]),
                "total_investment": Decimal(total) if total is not None else None,
                "progress_note": item["progress_note"],
                "is_sample": item["sample"],
            },
        )
        if created:
            for amount in item["amounts"]:
                ResourceAmount.objects.get_or_create(
                    item=resource,
                    source=amount["source"],
                    defaults={
                        "planned": Decimal(amount["planned"]),
                        "actual": Decimal(amount["actual"]),
                    },
                )


def load_progress_month(commune: Commune, month: datetime.date) -> int:
    """The plan's sample progress updates dated in `month` (after March 2024: 13.2, 13.3
    and the two 17.1 tasks move on as the figures do). An update already logged on its
    task is not posted again. Returns how many were posted."""
    plan = Plan.objects.filter(commune=commune, year=2024).first()
    if plan is None:
        return 0
    data = plan_data()
    items = [
        item
        for item in data["progress_continued"]
        if datetime.date.fromisoformat(item["date"]).replace(day=1) == month
    ]
    if not items:
        return 0
    keys = {item["key"]: item["title"] for item in data["tasks"]}
    users = {user.username: user for user in get_user_model().objects.all()}
    posted = 0
    for item in items:
        task = Task.objects.filter(plan=plan, title=keys[item["task"]]).first()
        if task is None or task.updates.filter(note=item["note"]).exists():
            continue
        day = datetime.date.fromisoformat(item["date"])
        task_progress_post(
            task=task,
            user=users.get(item["author"]),
            progress=Decimal(item["progress"]),
            state=item["state"],
            note=item["note"],
            base=version_marker(task),
            when=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
            is_sample=True,
        )
        posted += 1
    return posted
