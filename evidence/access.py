"""Who may see and attach evidence: exactly who may see and write the item it proves.

The rules are the items' own, reached through the apps' access helpers here only:
- an indicator's figure for a month: criteria.access.Scope.can_write (standing member,
  the bodies leading or supporting it, a village head for their village's figure);
- a task's progress entry: plans.access.can_post_progress (its lead body, the standing
  member);
- a body's monthly report: submissions.access.can_submit (its members, the standing
  member).
Everyone signed in in the commune sees all of them. Evidence of a closed month (sending
the commune's report closes it) is frozen with it: nothing is added or removed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.access import Scope, get_indicator
from criteria.models import Indicator
from criteria.periods import is_future
from criteria.services import is_month_closed
from criteria.sets import criteria_set_for
from evidence.models import Evidence, SubmissionModel
from plans.access import can_post_progress
from plans.models import TaskUpdate
from submissions.access import can_submit
from villages.access import User, commune_for_user
from villages.models import Commune, Role, Village
from villages.selectors import profile_of


def commune_for(user: User) -> Commune:
    """The commune whose evidence the user reads: the one resolver's answer (403 for an
    account attached to no commune)."""
    return commune_for_user(user)


def is_member(user: User, commune: Commune) -> bool:
    """People of the commune see photos with their EXIF data; the superior-level viewer
    and accounts without a profile (administrators) get the copy without it."""
    profile = profile_of(user)
    return bool(profile and profile.commune_id == commune.pk and profile.role != Role.VIEWER)


@dataclass
class Target:
    """One item evidence attaches to, as seen by one user."""

    commune: Commune
    fields: dict[str, Any]
    label: str
    url: str
    month: datetime.date
    writable: bool
    frozen: bool
    choices: dict[str, Any] = field(default_factory=dict)

    @property
    def may_attach(self) -> bool:
        return self.writable and not self.frozen

    def require_attach(self) -> None:
        if not self.writable:
            raise PermissionDenied

    def evidence(self) -> Any:
        return Evidence.objects.filter(commune=self.commune, **self.fields)


def month_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment).replace(day=1)


def record_target(
    user: User,
    month: datetime.date,
    code: str,
    village_pk: int | None = None,
    *,
    indicator: Indicator | None = None,
    closed: bool | None = None,
    scope: Scope | None = None,
) -> Target:
    """An indicator's figure for `month`, of the commune or of one village. A page that
    already holds the indicator, the user's scope and whether the month is closed passes
    them (fewer queries)."""
    commune = commune_for(user)
    criteria_set = None if is_future(month) else criteria_set_for(commune, month)
    if criteria_set is None:
        raise Http404
    if indicator is None or indicator.criteria_set_id != criteria_set.pk:
        indicator = get_indicator(commune, code, month)
    village = None
    if village_pk:
        village = Village.objects.filter(commune=commune, pk=village_pk).first()
        if village is None or not indicator.per_village:
            raise Http404
    scope = scope or Scope(user, commune)
    return _record_target(user, commune, indicator, month, village, scope, closed)


def _record_target(
    user: User,
    commune: Commune,
    indicator: Indicator,
    month: datetime.date,
    village: Village | None,
    scope: Scope,
    closed: bool | None = None,
) -> Target:
    label = f"{indicator.code} · {month:%m/%Y}" + (f" · {village}" if village else "")
    return Target(
        commune=commune,
        fields={"indicator": indicator, "month": month, "village": village},
        label=label,
        url=reverse("criteria:indicator_month", kwargs={"month": month, "code": indicator.code}),
        month=month,
        writable=scope.can_write(indicator, village),
        frozen=is_month_closed(commune, month) if closed is None else closed,
    )


def progress_target(user: User, pk: int) -> Target:
    commune = commune_for(user)
    update = (
        TaskUpdate.objects.select_related("task__plan", "task__lead_body")
        .filter(pk=pk, task__plan__commune=commune)
        .first()
    )
    if update is None:
        raise Http404
    month = month_of(update.created_at)
    return Target(
        commune=commune,
        fields={"task_update": update},
        label=f"{update.task.title} · {timezone.localtime(update.created_at):%d/%m/%Y}",
        url=reverse("plans:task", kwargs={"pk": update.task_id}),
        month=month,
        writable=can_post_progress(user, update.task),
        frozen=is_month_closed(commune, month),
    )


def submission_target(user: User, pk: int) -> Target:
    commune = commune_for(user)
    submission = (
        SubmissionModel.objects.select_related("body").filter(pk=pk, body__commune=commune).first()
    )
    if submission is None:
        raise Http404
    return Target(
        commune=commune,
        fields={"submission": submission},
        label=f"{submission.body} · {submission.month:%m/%Y}",
        url=reverse(
            "submissions:submission",
            kwargs={"month": submission.month, "body_pk": submission.body_id},
        ),
        month=submission.month,
        writable=can_submit(user, submission.body),
        frozen=is_month_closed(commune, submission.month),
    )


def target_of(user: User, evidence: Evidence) -> Target:
    if evidence.task_update_id:
        return progress_target(user, evidence.task_update_id)
    if evidence.submission_id:
        return submission_target(user, evidence.submission_id)
    commune = commune_for(user)
    return _record_target(
        user, commune, evidence.indicator, evidence.month, evidence.village, Scope(user, commune)
    )


def get_evidence_for_user(user: User, pk: int, *, write: bool = False) -> Evidence:
    """An evidence file of the user's commune, not deleted: 404 otherwise; with `write`,
    403 unless the user may write its item."""
    commune = commune_for(user)
    evidence = (
        Evidence.objects.active()
        .select_related("indicator", "village", "uploaded_by")
        .filter(commune=commune, pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    if write:
        target_of(user, evidence).require_attach()
    return evidence


def frozen_message() -> str:
    return _("This month is closed (its report has been sent): its evidence cannot change.")
