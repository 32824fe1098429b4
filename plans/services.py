"""Writes to plans: tasks, progress, commitments and resource amounts. Every rule the
database cannot check (deadline within the plan's years, indicator of the plan's set,
a stale form) is checked here, so that the forms, the admin and the demo loader agree."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import Criterion, Indicator
from criteria.periods import current_month
from criteria.sets import criteria_set_for
from plans.models import (
    QUARTERS,
    Commitment,
    FundingSource,
    Movement,
    Plan,
    ResourceAmount,
    ResourceItem,
    Section,
    Task,
    TaskState,
    TaskUpdate,
)
from villages.conflicts import Change, StaleEdit, is_stale, last_change, version_marker
from villages.models import Commune, ResponsibleBody
from villages.services import commune_data_changed

HUNDRED = Decimal(100)


@transaction.atomic
def plan_save(
    *,
    form: forms.ModelForm,
    formsets: Iterable[forms.BaseInlineFormSet],
    commune: Commune | None = None,
) -> Plan:
    """Save a plan with its legal bases and milestones, all or nothing. A new plan
    belongs to `commune` and uses the commune's criteria set; one plan per year."""
    plan = form.save(commit=False)
    first_of_year = datetime.date(plan.year, 1, 1) if plan.year else current_month()
    if plan.pk is None:
        if Plan.objects.filter(commune=commune, year=plan.year).exists():
            raise ValidationError({"year": _("A plan for this year already exists.")})
        # The plan of a year follows the set that assesses its first month (criteria.sets).
        criteria_set = None if commune is None else criteria_set_for(commune, first_of_year)
        if criteria_set is None:
            raise ValidationError(_("The commune has no criteria set yet."))
        plan.commune = commune
        plan.criteria_set = criteria_set
    plan.save()
    form.save_m2m()
    for formset in formsets:
        formset.instance = plan
        formset.save()
    commune_data_changed(commune_id=plan.commune_id)
    return plan


def _stale(task: Task) -> StaleEdit:
    """The task changed since the form was loaded; nothing was saved."""
    by, at = last_change(task)
    change = Change(
        what=_("The task “%(title)s”") % {"title": task.title},
        current=_("%(progress)s %% (%(state)s)")
        % {"progress": task.progress, "state": task.get_state_display()},
        by=by,
        at=at,
        marker=version_marker(task),
    )
    return StaleEdit([change], current=task)


def _check_progress(progress: Decimal) -> None:
    if progress is None or not (0 <= progress <= HUNDRED):
        raise ValidationError({"progress": _("Progress must be between 0 and 100 %.")})


def _task_fields(
    *,
    plan: Plan,
    criterion: Criterion | None,
    indicator: Indicator | None,
    lead_body: ResponsibleBody | None,
    supporting_bodies: Iterable[ResponsibleBody],
    deadline: datetime.date | None,
) -> tuple[Criterion | None, datetime.date]:
    """Check a task's links against its plan; returns the criterion (taken from the
    indicator when not given) and the deadline (31/12 of the plan's year when empty)."""
    errors: dict[str, str] = {}
    if indicator is not None:
        if indicator.criteria_set_id != plan.criteria_set_id:
            errors["indicator"] = _("This indicator belongs to another criteria set.")
        elif criterion is None:
            criterion = indicator.criterion
        elif indicator.criterion_id != criterion.pk:
            errors["indicator"] = _("This indicator belongs to another criterion.")
    if criterion is not None and criterion.criteria_set_id != plan.criteria_set_id:
        errors["criterion"] = _("This criterion belongs to another criteria set.")
    bodies = [b for b in [lead_body, *supporting_bodies] if b is not None]
    if any(body.commune_id != plan.commune_id for body in bodies):
        errors["lead_body"] = _("This body does not exist in the commune.")
    if deadline is None:
        deadline = plan.end_of_year
    elif deadline.year < plan.year:
        errors["deadline"] = _("The deadline cannot be before the plan's year (%(year)s).") % {
            "year": plan.year
        }
    if errors:
        raise ValidationError(errors)
    return criterion, deadline


@transaction.atomic
def task_create(
    *,
    plan: Plan,
    title: str,
    description: str = "",
    section: str = Section.OTHER,
    criterion: Criterion | None = None,
    indicator: Indicator | None = None,
    lead_body: ResponsibleBody | None = None,
    supporting_bodies: Iterable[ResponsibleBody] = (),
    deadline: datetime.date | None = None,
    quarters: Iterable[int] = (),
    position: int | None = None,
) -> Task:
    supporting_bodies = list(supporting_bodies)
    criterion, deadline = _task_fields(
        plan=plan,
        criterion=criterion,
        indicator=indicator,
        lead_body=lead_body,
        supporting_bodies=supporting_bodies,
        deadline=deadline,
    )
    if position is None:
        position = plan.tasks.count() + 1
    quarters = {int(q) for q in quarters}
    task = Task.objects.create(
        plan=plan,
        title=title,
        description=description,
        section=section,
        criterion=criterion,
        indicator=indicator,
        lead_body=lead_body,
        deadline=deadline,
        position=position,
        **{f"q{q}": q in quarters for q in QUARTERS},
    )
    task.supporting_bodies.set(supporting_bodies)
    commune_data_changed(commune_id=plan.commune_id)
    return task


@transaction.atomic
def task_edit(
    *,
    task: Task,
    base: str,
    title: str,
    description: str = "",
    section: str = Section.OTHER,
    criterion: Criterion | None = None,
    indicator: Indicator | None = None,
    lead_body: ResponsibleBody | None = None,
    supporting_bodies: Iterable[ResponsibleBody] = (),
    deadline: datetime.date | None = None,
    quarters: Iterable[int] = (),
) -> Task:
    """Change a task's plan fields (not its progress: that is `task_progress_post`).
    `base` is the version marker the form carried; StaleEdit when the task changed."""
    current = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if is_stale(current, base):
        raise _stale(current)
    supporting_bodies = list(supporting_bodies)
    criterion, deadline = _task_fields(
        plan=current.plan,
        criterion=criterion,
        indicator=indicator,
        lead_body=lead_body,
        supporting_bodies=supporting_bodies,
        deadline=deadline,
    )
    quarters = {int(q) for q in quarters}
    fields = {
        "title": title,
        "description": description,
        "section": section,
        "criterion": criterion,
        "indicator": indicator,
        "lead_body": lead_body,
        "deadline": deadline,
        **{f"q{q}": q in quarters for q in QUARTERS},
    }
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.save(update_fields=[*fields, "version"])
    current.supporting_bodies.set(supporting_bodies)
    commune_data_changed(commune_id=current.plan.commune_id)
    return current


def _next_state(current: str, progress: Decimal, state: str | None) -> tuple[str, Decimal]:
    """100 % means done and done means 100 %; progress above 0 has started."""
    state = state or current
    if progress >= HUNDRED or state == TaskState.DONE:
        return TaskState.DONE, HUNDRED
    if progress > 0 and state == TaskState.NOT_STARTED:
        return TaskState.IN_PROGRESS, progress
    return state, progress


@transaction.atomic
def task_progress_post(
    *,
    task: Task,
    user: AbstractBaseUser | None,
    progress: Decimal,
    note: str,
    base: str,
    state: str | None = None,
    when: datetime.datetime | None = None,
    is_sample: bool = False,
) -> TaskUpdate:
    """Log a progress update and set the task's progress and state from it. Refused
    when the task changed since the form with the version marker `base` was loaded."""
    _check_progress(progress)
    if state and state not in TaskState.values:
        raise ValidationError({"state": _("Choose a valid state.")})
    current = Task.objects.select_for_update().get(pk=task.pk)
    if is_stale(current, base):
        raise _stale(current)
    new_state, new_progress = _next_state(current.state, progress, state)
    update = TaskUpdate.objects.create(
        task=current,
        author=user,
        created_at=when or timezone.now(),
        note=note,
        progress=new_progress,
        state=new_state,
        is_sample=is_sample,
    )
    current.progress = new_progress
    current.state = new_state
    current.version += 1
    current.save(update_fields=["progress", "state", "version"])
    commune_data_changed(commune_id=current.plan.commune_id)
    return update


@transaction.atomic
def commitment_add(
    *,
    movement: Movement,
    body: ResponsibleBody,
    items: str,
    signed_on: datetime.date,
) -> Commitment:
    """A unit signs its commitment in a movement (once per movement)."""
    if body is None or body.commune_id != movement.plan.commune_id:
        raise ValidationError({"body": _("This unit does not exist in the commune.")})
    if Commitment.objects.filter(movement=movement, body=body).exists():
        raise ValidationError(
            {"body": _("This unit has already signed a commitment in this movement.")}
        )
    commune_data_changed(commune_id=body.commune_id)
    return Commitment.objects.create(movement=movement, body=body, items=items, signed_on=signed_on)


@transaction.atomic
def resource_amount_set(
    *,
    item: ResourceItem,
    source: str,
    planned: Decimal,
    actual: Decimal,
) -> ResourceAmount:
    """Record (or replace) the planned and actual amount of one source for one item."""
    errors = {}
    if source not in FundingSource.values:
        errors["source"] = _("Choose a valid source.")
    for name, value in (("planned", planned), ("actual", actual)):
        if value is None or value < 0:
            errors[name] = _("An amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    amount, _created = ResourceAmount.objects.update_or_create(
        item=item, source=source, defaults={"planned": planned, "actual": actual}
    )
    commune_data_changed(commune_id=item.plan.commune_id)
    return amount
