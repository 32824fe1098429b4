"""Criteria's to-do items (registered in `CriteriaConfig.ready()`): the month's figures a
village head or a body officer still has to enter."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from criteria.access import Scope
from criteria.models import Indicator, IndicatorRecord, MonthClosure
from criteria.sets import criteria_set_for
from villages.models import Role, Village
from villages.todo import Severity, TodoContext, TodoItem


def figures_due(context: TodoContext) -> Iterator[TodoItem]:
    """One item per village (village head) or one for the body's indicators (officer)
    while some of them have no figure for the current month, the month is open, and
    until they are all entered. Due on the bodies' reporting day. 4–5 queries."""
    if context.role not in (Role.VILLAGE_HEAD, Role.OFFICER):
        return
    commune, month = context.commune, context.month
    criteria_set = criteria_set_for(commune, month)
    if criteria_set is None:
        return
    if MonthClosure.objects.filter(commune=commune, month=month, is_closed=True).exists():
        return
    scope = Scope(context.user, commune)
    due_date = commune.due_date(month)
    severity = Severity.OVERDUE if due_date < context.today else Severity.DUE
    if scope.village_ids:
        indicator_ids = set(
            Indicator.objects.filter(criteria_set_id=criteria_set.pk, per_village=True).values_list(
                "pk", flat=True
            )
        )
        entered: dict[int, set[int]] = {}
        for village_id, indicator_id in IndicatorRecord.objects.filter(
            commune=commune,
            month=month,
            village_id__in=scope.village_ids,
            indicator_id__in=indicator_ids,
        ).values_list("village_id", "indicator_id"):
            entered.setdefault(village_id, set()).add(indicator_id)
        for village in Village.objects.filter(pk__in=scope.village_ids).order_by("position"):
            missing = len(indicator_ids - entered.get(village.pk, set()))
            if not missing:
                continue
            yield TodoItem(
                kind="figures_due",
                title=_("Enter the figures of %(village)s for %(month)s")
                % {"village": village.name, "month": f"{month:%m/%Y}"},
                detail=_("%(missing)s of %(total)s indicators not entered yet")
                % {"missing": missing, "total": len(indicator_ids)},
                url=reverse("criteria:village_month", kwargs={"month": month, "pk": village.pk}),
                severity=severity,
                due_date=due_date,
                today=context.today,
            )
    elif scope.indicator_ids:
        own = set(
            Indicator.objects.filter(
                pk__in=scope.indicator_ids, criteria_set_id=criteria_set.pk
            ).values_list("pk", flat=True)
        )
        entered_ids = set(
            IndicatorRecord.objects.filter(commune=commune, month=month, indicator_id__in=own)
            .values_list("indicator_id", flat=True)
            .distinct()
        )
        missing = len(own - entered_ids)
        if missing:
            yield TodoItem(
                kind="figures_due",
                title=_("Enter the figures for %(month)s") % {"month": f"{month:%m/%Y}"},
                detail=ngettext(
                    "%(missing)d of your %(total)d indicators has no figure yet",
                    "%(missing)d of your %(total)d indicators have no figure yet",
                    missing,
                )
                % {"missing": missing, "total": len(own)},
                url=reverse("criteria:month", kwargs={"month": month}),
                severity=severity,
                due_date=due_date,
                today=context.today,
            )
