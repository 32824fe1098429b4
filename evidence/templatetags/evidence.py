"""How the pages of the lower floors show evidence without importing this app.

criteria/, plans/ and reports/ sit below evidence/ and must not import it; their views
stay as they are. Their templates (in templates/, where the site is composed) load this
library and place a panel or a mark:

    {% evidence_for_indicator indicator month closed %} the indicator page
    {% evidence_for_village village month %}            the village form
    {% evidence_for_task task updates %}                the task page
    {% evidence_for_submission submission %}           a body's monthly report
    {% evidence_gaps_of workspace.status as gaps %}     "thiếu minh chứng" marks

Each tag resolves the item through evidence.access (the same rules as the upload and
download views) and reads through evidence.selectors, a fixed number of queries per tag.
This keeps the Python floors acyclic (nothing below imports evidence) and the hook in
each page to one line, at the cost of the tags doing reads; the reads they do are the
selectors', named and tested there.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext

from criteria.access import Scope
from criteria.models import Indicator
from criteria.services import is_month_closed
from criteria.sets import criteria_set_for
from criteria.status import CommuneStatus, IndicatorResult
from evidence.access import (
    commune_for,
    is_member,
    month_of,
    record_target,
    submission_target,
)
from evidence.forms import UploadForm
from evidence.models import Evidence
from evidence.selectors import EvidenceGaps, attached_to_indicators, evidence_gaps, with_people
from plans.access import can_post_progress
from plans.models import Task, TaskUpdate
from villages.models import Village

register = template.Library()
PANEL = "evidence/_panel.html"


def panel(
    context: template.Context,
    *,
    items: Iterable[Evidence],
    action: str,
    may_attach: bool,
    frozen: bool,
    choices: dict[str, Any] | None = None,
    hidden: dict[str, Any] | None = None,
    note: str = "",
    testid: str = "evidence",
) -> dict[str, Any]:
    request = context["request"]
    rows = list(items)
    commune = commune_for(request.user)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "items": [row for row in rows if not row.is_deleted],
        "deleted": [row for row in rows if row.is_deleted],
        "members": is_member(request.user, commune),
        "action": action,
        "may_attach": may_attach and not frozen,
        "frozen": frozen,
        "choices": choices or {},
        "hidden": hidden or {},
        "note": note,
        "form": UploadForm(),
        "next": request.get_full_path(),
        "testid": testid,
    }


@register.inclusion_tag(PANEL, takes_context=True)
def evidence_for_indicator(
    context: template.Context, indicator: Indicator, month: datetime.date, closed: bool
) -> dict[str, Any]:
    user = context["request"].user
    scope = Scope(user, commune_for(user))
    target = record_target(
        user, month, indicator.code, indicator=indicator, closed=closed, scope=scope
    )
    places: list[tuple[str, str]] = []
    if scope.can_write(indicator, None):
        places.append(("", gettext("Whole commune")))
    if indicator.per_village:
        places += [
            (str(village.pk), village.name)
            for village in target.commune.villages.all()
            if scope.can_write(indicator, village)
        ]
    items = with_people(
        Evidence.objects.filter(commune=target.commune, indicator=indicator, month=month)
    )
    return panel(
        context,
        items=items,
        action=reverse("evidence:upload_figure", kwargs={"month": month}),
        may_attach=bool(places),
        frozen=target.frozen,
        choices={"village": places} if indicator.per_village else {},
        hidden={"indicator": indicator.code},
    )


@register.inclusion_tag(PANEL, takes_context=True)
def evidence_for_village(
    context: template.Context, village: Village, month: datetime.date
) -> dict[str, Any]:
    """The village form's files: those of its per-village indicators for the month."""
    user = context["request"].user
    commune = commune_for(user)
    scope = Scope(user, commune)
    indicators = list(
        Indicator.objects.filter(criteria_set=criteria_set_for(commune, month), per_village=True)
    )
    writable = [(i.code, f"{i.code}. {i.name}") for i in indicators if scope.can_write(i, village)]
    return panel(
        context,
        items=attached_to_indicators(commune, month, indicators, village.pk),
        action=reverse("evidence:upload_figure", kwargs={"month": month}),
        may_attach=bool(writable),
        frozen=is_month_closed(commune, month),
        choices={"indicator": writable},
        hidden={"village": village.pk},
    )


@register.inclusion_tag(PANEL, takes_context=True)
def evidence_for_task(
    context: template.Context, task: Task, updates: Iterable[TaskUpdate]
) -> dict[str, Any]:
    """Files attach to a progress entry; the newest open one is offered first."""
    user = context["request"].user
    commune = commune_for(user)
    entries = list(updates)
    choices = []
    if can_post_progress(user, task):
        closed = {
            month
            for month in {month_of(entry.created_at) for entry in entries}
            if is_month_closed(commune, month)
        }
        choices = [
            (str(entry.pk), f"{entry.created_at:%d/%m/%Y} · {entry.progress:g} %")
            for entry in entries
            if month_of(entry.created_at) not in closed
        ]
    return panel(
        context,
        items=with_people(
            Evidence.objects.filter(commune=commune, task_update__task=task)
        ).select_related("task_update"),
        action=reverse("evidence:upload_progress"),
        may_attach=bool(choices),
        frozen=False,
        choices={"entry": choices},
        testid="task-evidence",
    )


@register.inclusion_tag(PANEL, takes_context=True)
def evidence_for_submission(context: template.Context, submission: Any) -> dict[str, Any]:
    target = submission_target(context["request"].user, submission.pk)
    return panel(
        context,
        items=with_people(target.evidence()),
        action=reverse("evidence:upload_submission", kwargs={"pk": submission.pk}),
        may_attach=target.writable,
        frozen=target.frozen,
    )


@register.simple_tag(takes_context=True)
def evidence_gaps_of(context: template.Context, status: CommuneStatus) -> EvidenceGaps:
    """`{% evidence_gaps_of workspace.status as gaps %}`: the met indicators without proof."""
    return evidence_gaps(
        status.commune,
        status.month,
        (result for criterion in status.criteria for result in criterion.indicators),
    )


@register.simple_tag(takes_context=True)
def evidence_gap_of(
    context: template.Context, result: IndicatorResult, month: datetime.date
) -> bool:
    """`{% evidence_gap_of result month as missing %}` on the indicator page."""
    commune = commune_for(context["request"].user)
    return bool(evidence_gaps(commune, month, [result]))
