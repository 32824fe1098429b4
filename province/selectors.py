"""The province's reads: every commune's standing and report for a month, in a fixed
number of queries whatever the number of communes.

The communes' criteria statuses come from the stored monthly status (criteria.monthly:
one row per commune, indicator and month, kept current by every write) judged by the one
status rule (`criteria.status.judge_tally`), many communes at once
(`criteria.matrix.criteria_statuses_of_communes`): a request never reads the communes'
records, whatever their number of villages and months."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from criteria.matrix import criteria_statuses_of_communes
from criteria.models import Criterion
from criteria.periods import add_months
from criteria.status import Status
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
    """One row of the province's table: the commune's criteria at the month (criterion
    and status, in criterion order), the number met the month before, its report."""

    commune: Commune
    criteria: list[tuple[Criterion, Status]]
    previous_met: int
    receipt: ProvinceReceipt | None
    report: str
    statuses_by_criterion: dict[int, Status] = field(init=False)
    met: int = field(init=False)
    unmet: list[Criterion] = field(init=False)
    cells: SafeString = field(init=False, default=SafeString(""))
    """The row's matrix (`matrix_cells`), once the province's columns are known."""

    def __post_init__(self) -> None:
        # Read by the table, the filters, the sort and the exports: computed once.
        self.statuses_by_criterion = {c.number: status for c, status in self.criteria}
        self.met = sum(1 for _c, status in self.criteria if status == Status.MET)
        self.unmet = [c for c, status in self.criteria if status == Status.NOT_MET]

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def change(self) -> int:
        return self.met - self.previous_met

    @property
    def change_label(self) -> str:
        """+2, -1 or 0, as the table prints it."""
        return f"{self.change:+d}" if self.change else "0"

    @property
    def unmet_label(self) -> str:
        """The unmet criteria's numbers, as the table prints them ("—": none)."""
        return ", ".join(str(c.number) for c in self.unmet) or "—"

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


def matrix_cells(standings: list[CommuneStanding], numbers: list[int]) -> None:
    """Each row's matrix, one cell per column (criterion number), joined here rather than
    by the template (1,900 cells at 100 communes); a criterion the commune's set does not
    have is unknown, as in the exports."""
    fragments = {
        status: format_html(
            '<td class="text-center matrix-{}" title="{}">{}</td>',
            status,
            status.label,
            MARKS.get(status, "?"),
        )
        for status in Status
    }
    for standing in standings:
        statuses = standing.statuses_by_criterion
        standing.cells = mark_safe(
            "".join(fragments[statuses.get(number, Status.UNKNOWN)] for number in numbers)
        )


def province_overview(
    province: Province, month: datetime.date, today: datetime.date
) -> ProvinceOverview:
    """Every commune of the province for `month`: criteria met and the change since the
    month before (each month assessed by the set in force for it, criteria.sets), the
    monthly report's standing, the unmet criteria. A fixed number of queries whatever the
    number of communes and sets: the communes (1), their statuses
    (`criteria_statuses_of_communes`: 6) and the month's receipts (1)."""
    communes = list(
        Commune.objects.filter(province=province)
        .select_related("criteria_set", "province")
        .order_by("name")
    )
    before = add_months(month, -1)
    statuses = criteria_statuses_of_communes(communes, [before, month])
    receipts = newest_receipts(province, month)
    due = province.due_date(month)
    standings = []
    criteria: dict[int, Criterion] = {}
    for commune in communes:
        now = statuses.get((commune.pk, month))
        if now is None:
            continue
        previous = statuses.get((commune.pk, before))
        mine = receipts.get(commune.pk, [])
        standings.append(
            CommuneStanding(
                commune=commune,
                criteria=now.criteria,
                previous_met=previous.met_count if previous else 0,
                receipt=mine[-1] if mine else None,
                report=report_standing(mine, due, today),
            )
        )
        for criterion, _status in now.criteria:
            criteria.setdefault(criterion.number, criterion)
    numbers = sorted(criteria)
    matrix_cells(standings, numbers)
    return ProvinceOverview(
        province=province,
        month=month,
        due_date=due,
        standings=standings,
        criteria=[criteria[number] for number in numbers],
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
