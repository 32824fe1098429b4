import datetime

MARCH = datetime.date(2024, 3, 1)


def fill_history(commune, *, first: datetime.date, last: datetime.date, villages: int) -> int:
    """Every indicator filled every month from `first` to `last`, for `villages` villages
    (added as needed), skipping the demo's own Jan–Mar 2024 records. Returns the rows."""
    from criteria.models import IndicatorKind, IndicatorRecord
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
    all_villages = existing + new
    new_ids = {v.pk for v in new}
    indicators = list(commune.criteria_set.indicators.all())
    taken = set(
        IndicatorRecord.objects.filter(month__gte=first, month__lte=last).values_list(
            "indicator_id", "village_id", "month"
        )
    )
    columns = {
        IndicatorKind.BOOLEAN: (True, None, None, None),
        IndicatorKind.RATIO: (None, 50, 100, None),
        IndicatorKind.NUMBER: (None, None, None, 100),
    }
    rows = []
    month = first
    while month <= last:
        for indicator in indicators:
            places = all_villages if indicator.per_village else [None]
            for village in places:
                key = (indicator.pk, village.pk if village else None, month)
                if key in taken and (village is None or village.pk not in new_ids):
                    continue
                rows.append((*key, *columns[indicator.kind]))
        month = add_months(month, 1)
    insert_records(rows, commune.pk)
    return len(rows)


def insert_records(rows: list[tuple], commune_id: int) -> None:
    """Plain INSERTs: building 200,000 model instances would take most of a minute."""
    from django.db import connection

    from criteria.models import IndicatorRecord

    table = connection.ops.quote_name(IndicatorRecord._meta.db_table)
    sql = (
        f"INSERT INTO {table} (commune_id, indicator_id, village_id, month, met, numerator, "
        "denominator, "
        "value, denominator_note, evidence, work_done, difficulties, proposals, is_sample, "
        "warning, recorded_at, version) VALUES "
        "(%s, %s, %s, %s, %s, %s, %s, %s, '', '', '', '', '', %s, '', %s, 1)"
    )
    now = datetime.datetime(2024, 3, 14, tzinfo=datetime.UTC)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: row-by-row INSERTs take half a minute on PostgreSQL.
            columns = (
                "commune_id, indicator_id, village_id, month, met, numerator, denominator, value, "
                "denominator_note, evidence, work_done, difficulties, proposals, warning, version"
            )
            with cursor.cursor.copy(
                f"COPY {table} ({columns}, is_sample, recorded_at) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row((commune_id, *row, "", "", "", "", "", "", 1, False, now))
        else:
            cursor.executemany(sql, [(commune_id, *row, False, now) for row in rows])
