import datetime

from tests.records import insert_records

MARCH = datetime.date(2024, 3, 1)


def fill_history(commune, *, first: datetime.date, last: datetime.date, villages: int) -> int:
    """Every indicator filled every month from `first` to `last`, for `villages` villages
    (added as needed), skipping the records that already exist (the demo's own Jan–Mar
    2024). Returns the rows added."""
    from criteria.models import IndicatorKind
    from criteria.periods import add_months
    from villages.models import HouseholdRecord, Village

    existing = list(commune.villages.all())
    new = [
        Village(commune=commune, name=f"Thôn thử {number}", position=number)
        for number in range(len(existing), villages)
    ]
    Village.objects.bulk_create(new)
    new = list(commune.villages.filter(name__startswith="Thôn thử"))
    HouseholdRecord.objects.bulk_create(
        HouseholdRecord(village=v, as_of=datetime.date(2014, 1, 1), households=100, population=400)
        for v in new
    )
    village_ids = sorted({v.pk for v in existing} | {v.pk for v in new})
    columns = {
        IndicatorKind.BOOLEAN: (True, None, None, None),
        IndicatorKind.RATIO: (None, 50, 100, None),
        IndicatorKind.NUMBER: (None, None, None, 100),
    }
    # (indicator, village or None, met, numerator, denominator, value)
    places = [
        (indicator.pk, village, *columns[indicator.kind])
        for indicator in commune.criteria_set.indicators.order_by("pk")
        for village in (village_ids if indicator.per_village else [None])
    ]
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    count = insert_records(places, months, commune.pk)
    # Inserted behind records_save's back: the stored monthly status is rebuilt as
    # `manage.py rebuild_status` does.
    from criteria.monthly import monthly_status_rebuild

    monthly_status_rebuild(commune)
    return count
