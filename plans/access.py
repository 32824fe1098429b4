"""Who may read and change plans: everyone signed in reads; the standing member edits
plans, tasks, movements and resources; members of a task's lead body (and the standing
member) post progress on it. Anonymous users are sent to login by the views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from plans.models import Plan, Task
from villages.access import User, body_ids, commune_for_user, is_standing_member


def can_edit_plans(user: User) -> bool:
    return is_standing_member(user)


def can_post_progress(user: User, task: Task) -> bool:
    if is_standing_member(user):
        return True
    return task.lead_body_id is not None and task.lead_body_id in body_ids(user)


def get_plan_for_user(user: User, year: int, write: bool = False) -> Plan:
    """The user's commune's plan for `year`: 404 when there is none, 403 on writes by
    others."""
    plan = get_object_or_404(
        Plan.objects.select_related("commune", "criteria_set"),
        commune=commune_for_user(user),
        year=year,
    )
    if write and not can_edit_plans(user):
        raise PermissionDenied
    return plan


def get_task_for_user(user: User, pk: int, write: bool = False, progress: bool = False) -> Task:
    """A task of the user's commune: `write` to edit it (standing member), `progress` to
    post progress on it (its lead body's members and the standing member)."""
    task = get_object_or_404(
        Task.objects.select_related("plan", "criterion", "indicator", "lead_body"),
        plan__commune=commune_for_user(user),
        pk=pk,
    )
    if write and not can_edit_plans(user):
        raise PermissionDenied
    if progress and not can_post_progress(user, task):
        raise PermissionDenied
    return task
