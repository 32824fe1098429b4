"""The province's reads: every commune's standing and report for a month, in a fixed
number of queries whatever the number of communes.

The communes' statuses come from the stored monthly status (criteria.monthly: one row
per commune, indicator and month, kept current by every write) evaluated by the one
status computation (`criteria.status.evaluate_tally`): a request never reads the
communes' records, whatever their number of villages and months."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from criteria.models import Criterion, Threshold
from criteria.periods import add_months
from criteria.selectors import (
    StatusInputs,
    indicators_of_set,
    statuses_from_tallies,
    stored_tallies_of_communes,
)
from criteria.sets import sets_for_communes
from criteria.status import CommuneStatus, Status
from reports.models import ProvinceReceipt, ReceiptState
from villages.models import PROVINCE_ROLES, Commune, Profile, Province, ResponsibleBody, Village

MARKS = {Status.MET: "✓", Status.NOT_MET: "✗"}


class ReportStanding:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_DUE = "not_due"

    LABELS = {
        ON_TIME: _("Sent on time"),
        LATE: _("Sent late"),
        MISSING: _("Missing"),
        NOT_DUE: _("Not due yet"),
    }


@dataclass
class CommuneStanding:
    commune: Commune
    status: CommuneStatus
    previous_met: int
    receipt: ProvinceReceipt | None
    report: str
    statuses_by_criterion: dict[int, Status] = field(default_factory=dict)

    @cached_property
    def met(self) -> int:
        return self.status.met_count

    @cached_property
    def total(self) -> int:
        return self.status.total

    @cached_property
    def change(self) -> int:
        return self.met - self.previous_met

    @cached_property
    def unmet(self) -> list[Criterion]:
        return [result.criterion for result in self.status.unmet]

    @cached_property
    def marks(self) -> list[tuple[str, str, str]]:
        """(status, label, mark) per criterion of the province's matrix, in criterion
        order (the mark chosen here: 1,900 cells at 100 communes)."""
        labels = {status: str(status.label) for status in Status}
        return [
            (str(status), labels[status], MARKS.get(status, "?"))
            for _number, status in sorted(self.statuses_by_criterion.items())
        ]

    @property
    def report_label(self) -> str:
        return str(ReportStanding.LABELS[self.report])

    @property
    def receipt_label(self) -> str:
        return ReceiptState(self.receipt.state).label if self.receipt else ""


@dataclass
class ProvinceOverview:
    province: Province
    month: datetime.date
    due_date: datetime.date
    standings: list[CommuneStanding]
    criteria: list[Criterion]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ReportStanding.LABELS, 0)
        for standing in self.standings:
            counts[standing.report] += 1
        return counts


def newest_receipts(province: Province, month: datetime.date) -> dict[int, list[ProvinceReceipt]]:
    """Each commune's receipts for `month`, oldest first (one query)."""
    receipts = (
        ProvinceReceipt.objects.filter(province=province, month=month)
        .select_related("version", "seen_by", "decided_by")
        .defer("version__snapshot", "version__pdf", "version__xlsx")
        .order_by("received_at", "pk")
    )
    by_commune: dict[int, list[ProvinceReceipt]] = defaultdict(list)
    for receipt in receipts:
        by_commune[receipt.commune_id].append(receipt)
    return by_commune


def report_standing(
    receipts: list[ProvinceReceipt], due: datetime.date, today: datetime.date
) -> str:
    """On time or late by the first version received (a correction the province asked for
    does not make a report late); missing once the due day has passed without one."""
    if receipts:
        return ReportStanding.ON_TIME if receipts[0].on_time else ReportStanding.LATE
    return ReportStanding.MISSING if today > due else ReportStanding.NOT_DUE


def commune_standings(
    communes: list[Commune], month: datetime.date
) -> dict[int, tuple[CommuneStatus, CommuneStatus]]:
    """Each commune's status at `month` and at the month before, from the stored monthly
    status (criteria.monthly: one row per commune, indicator and month, never the
    records). Each month is assessed by its own set (criteria.sets: 2 queries for both
    months), so the two months may differ. Queries: the villages counted per commune (1),
    per set in force its indicators with thresholds (2) and, per month, the stored rows
    of its communes (1) — whatever the number of communes."""
    village_counts = dict(
        Village.objects.filter(commune__in=communes)
        .order_by()
        .values("commune")
        .annotate(count=Count("pk"))
        .values_list("commune", "count")
    )
    before = add_months(month, -1)
    in_force = {month: sets_for_communes(communes, month)}
    in_force[before] = sets_for_communes(communes, before)
    sets = {
        found.criteria_set.pk: found.criteria_set
        for by_commune in in_force.values()
        for found in by_commune.values()
        if found
    }
    indicators = {
        set_id: list(
            indicators_of_set(criteria_set).prefetch_related(
                Prefetch("thresholds", queryset=Threshold.objects.all())
            )
        )
        for set_id, criteria_set in sets.items()
    }
    statuses: dict[tuple[int, datetime.date], CommuneStatus] = {}
    for when, by_commune in in_force.items():
        by_set: dict[int, list[Commune]] = defaultdict(list)
        for commune in communes:
            if by_commune.get(commune.pk):
                by_set[by_commune[commune.pk].criteria_set.pk].append(commune)
        for set_id, members in by_set.items():
            rows = stored_tallies_of_communes(set_id, [c.pk for c in members], when, when)
            for commune in members:
                inputs = StatusInputs(
                    indicators=indicators[set_id],
                    villages=[],
                    leads={},
                    assessed_by=by_commune[commune.pk],
                )
                (statuses[commune.pk, when],) = statuses_from_tallies(
                    commune,
                    inputs,
                    when,
                    1,
                    rows.get(commune.pk, []),
                    village_counts.get(commune.pk, 0),
                )
    result = {}
    for commune in communes:
        if (commune.pk, month) in statuses:
            empty = CommuneStatus(commune=commune, month=before)
            result[commune.pk] = (
                statuses[commune.pk, month],
                statuses.get((commune.pk, before), empty),
            )
    return result


def province_overview(
    province: Province, month: datetime.date, today: datetime.date
) -> ProvinceOverview:
    """Every commune of the province for `month`: criteria met and the change since the
    month before, the monthly report's standing, the unmet criteria (a fixed number of
    queries: 8 for a province on one criteria set, whatever its number of communes)."""
    communes = list(
        Commune.objects.filter(province=province)
        .select_related("criteria_set", "province")
        .order_by("name")
    )
    statuses = commune_standings(communes, month)
    receipts = newest_receipts(province, month)
    due = province.due_date(month)
    standings = []
    criteria: dict[tuple[int, int], Criterion] = {}
    for commune in communes:
        if commune.pk not in statuses:
            continue
        status, previous = statuses[commune.pk]
        mine = receipts.get(commune.pk, [])
        standing = CommuneStanding(
            commune=commune,
            status=status,
            previous_met=previous.met_count,
            receipt=mine[-1] if mine else None,
            report=report_standing(mine, due, today),
            statuses_by_criterion={r.criterion.number: r.status for r in status.criteria},
        )
        standings.append(standing)
        for result in status.criteria:
            criteria.setdefault((result.criterion.number, 0), result.criterion)
    return ProvinceOverview(
        province=province,
        month=month,
        due_date=due,
        standings=standings,
        criteria=[criteria[key] for key in sorted(criteria)],
    )


SORTS = {
    "name": lambda s: (s.commune.name,),
    "met": lambda s: (-s.met, s.commune.name),
    "change": lambda s: (-s.change, s.commune.name),
    "report": lambda s: (list(ReportStanding.LABELS).index(s.report), s.commune.name),
}


def filter_and_sort(
    standings: Iterable[CommuneStanding],
    *,
    group: int | None,
    missing_criterion: int | None,
    sort: str,
) -> list[CommuneStanding]:
    """The dashboard's table: a commune group, the communes that miss one criterion."""
    chosen = [
        s
        for s in standings
        if (group is None or s.commune.commune_group == group)
        and (
            missing_criterion is None
            or s.statuses_by_criterion.get(missing_criterion) == Status.NOT_MET
        )
    ]
    return sorted(chosen, key=SORTS.get(sort, SORTS["name"]))


def inbox(province: Province, month: datetime.date | None = None) -> QuerySet[ProvinceReceipt]:
    """The province's received reports, newest first (one query)."""
    receipts = (
        ProvinceReceipt.objects.filter(province=province)
        .select_related("commune", "version", "seen_by", "decided_by")
        .defer("version__snapshot", "version__pdf", "version__xlsx")
        .order_by("-received_at", "-pk")
    )
    return receipts.filter(month=month) if month else receipts


# ---------------------------------------------------------------- setting up communes


def province_communes(province: Province) -> QuerySet[Commune]:
    """The province's communes with their numbers of villages, bodies and accounts, in
    one query (each count a subquery: joining the three would multiply the rows)."""

    def count_of(model: type, link: str, **where: object) -> Subquery:
        rows = (
            model.objects.filter(**{link: OuterRef("pk")}, **where)
            .order_by()
            .values(link)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Subquery(rows, output_field=IntegerField())

    return (
        Commune.objects.filter(province=province)
        .select_related("criteria_set")
        .annotate(
            village_count=count_of(Village, "commune"),
            body_count=count_of(ResponsibleBody, "commune"),
            account_count=count_of(Profile, "commune", province__isnull=True),
        )
        .order_by("name")
    )


def commune_accounts(commune: Commune) -> QuerySet:
    """The commune's own accounts (not the province users reading it), with their
    profile and bodies, in two queries."""
    return (
        get_user_model()
        .objects.filter(profile__commune=commune)
        .exclude(profile__role__in=PROVINCE_ROLES)
        .select_related("profile")
        .prefetch_related("bodies")
        .order_by("username")
    )
