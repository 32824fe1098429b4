"""The dashboard's charts show the villages ranked in SQL (criteria.selectors.month_figures)
exactly as the records-based ranking orders them (dashboard.selectors.shared.
furthest_from_threshold over every village's latest record): same villages, same order,
same figures, with ties, villages without a figure, a "lower is better" threshold, the
plan's target villages and a village whose figure has no denominator."""

import datetime
import random
from decimal import Decimal

from criteria.models import Comparator, Indicator, IndicatorKind, IndicatorRecord, Threshold
from criteria.monthly import monthly_status_rebuild
from criteria.selectors import commune_status
from dashboard.selectors import dashboard
from dashboard.selectors.overview import VILLAGES_SHOWN
from dashboard.selectors.shared import indicator_result, target_village_ids, village_chart
from plans.selectors import plan_for_year, tasks_by_criterion
from villages.models import Village

MARCH = datetime.date(2024, 3, 1)


def chart_rows(chart) -> list[tuple]:
    return [
        (row.village.pk, row.is_target, row.result.status, row.result.value, row.url)
        for row in chart.rows
    ]


def test_sql_ranked_chart_villages_equal_the_records_based_ranking(demo, in_march):
    rng = random.Random(16)
    Village.objects.bulk_create(
        Village(commune=demo, name=f"Thôn xếp hạng {n:02}", position=100 + n % 7) for n in range(40)
    )
    villages = list(demo.villages.all())
    ratios = list(
        Indicator.objects.filter(
            criteria_set=demo.criteria_set, per_village=True, kind=IndicatorKind.RATIO
        ).order_by("code")
    )
    # One "lower is better" indicator, so that both directions are ranked.
    flipped = ratios[0]
    Threshold.objects.filter(indicator=flipped).update(comparator=Comparator.LTE)
    IndicatorRecord.objects.filter(indicator__in=ratios, month=MARCH).delete()
    records = []
    for indicator in ratios:
        for village in villages:
            roll = rng.random()
            if roll < 0.03:
                continue  # no figure this month (an older one may be carried forward)
            denominator = Decimal(rng.choice([8, 40, 200, 333]))
            numerator = Decimal(rng.randint(0, int(denominator)))
            if roll < 0.05:
                denominator = Decimal(0)  # a figure without a share
            elif roll < 0.25:
                numerator = Decimal(1)  # many exact ties
                denominator = Decimal(8)
            records.append(
                IndicatorRecord(
                    commune=demo,
                    indicator=indicator,
                    village=village,
                    month=MARCH,
                    numerator=numerator if denominator else None,
                    denominator=denominator,
                )
            )
    IndicatorRecord.objects.bulk_create(records)
    monthly_status_rebuild(demo)

    data = dashboard(demo, MARCH)
    fresh = commune_status(demo, MARCH)
    plan = plan_for_year(commune=demo, year=2024)
    tasks = tasks_by_criterion(plan=plan)
    targets = target_village_ids(task for group in tasks.values() for task in group)
    assert len(data.village_charts) >= 2
    assert any(chart.indicator.pk == flipped.pk for chart in data.village_charts)
    assert any(chart.targets for chart in data.village_charts)
    # The charts show villages with a share, so the direction of the ranking counts.
    assert all(chart.rows[VILLAGES_SHOWN - 1].value is not None for chart in data.village_charts)
    for chart in data.village_charts:
        expected = village_chart(
            indicator_result(fresh, chart.indicator.pk),
            villages,
            targets.get(chart.indicator.pk, set()),
            MARCH,
            f"villages-{chart.indicator.pk}",
            shown=VILLAGES_SHOWN,
        )
        assert chart_rows(chart) == chart_rows(expected), chart.indicator.code
        assert chart.chart == expected.chart
        assert chart.villages == len(villages)
