import datetime
import json

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
    return insert_records(places, months)


def insert_records(places: list[tuple], months: list[datetime.date]) -> int:
    """Every place × every month that has no record yet, without building model instances
    (200,000 of them would take most of a minute). Returns the rows added."""
    from django.db import connection

    from criteria.models import IndicatorRecord

    table = connection.ops.quote_name(IndicatorRecord._meta.db_table)
    now = datetime.datetime(2024, 3, 14, tzinfo=datetime.UTC)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: row-by-row INSERTs take half a minute on PostgreSQL.
            cursor.execute(
                f"SELECT indicator_id, village_id, month FROM {table} "
                "WHERE month BETWEEN %s AND %s",
                [months[0], months[-1]],
            )
            taken = set(cursor.fetchall())
            columns = (
                "indicator_id, village_id, month, met, numerator, denominator, value, "
                "denominator_note, evidence, work_done, difficulties, proposals, warning, version"
            )
            added = 0
            with cursor.cursor.copy(
                f"COPY {table} ({columns}, is_sample, recorded_at) FROM STDIN"
            ) as copy:
                for indicator, village, *values in places:
                    for month in months:
                        if (indicator, village, month) not in taken:
                            copy.write_row(
                                (indicator, village, month, *values, "", "", "", "", "", "", 1)
                                + (False, now)
                            )
                            added += 1
            return added
        # SQLite: one INSERT … SELECT over the places × months, in index order, instead of
        # 200,000 bound INSERTs (three times slower). The rows are valid by construction,
        # so the CHECK constraints (one calls back into Python per row) are skipped.
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            cursor.execute(
                f"INSERT INTO {table} (indicator_id, village_id, month, met, numerator, "
                "denominator, value, denominator_note, evidence, work_done, difficulties, "
                "proposals, is_sample, warning, recorded_at, version) "
                "SELECT place.value ->> 0, place.value ->> 1, month.value, place.value ->> 2, "
                "place.value ->> 3, place.value ->> 4, place.value ->> 5, "
                "'', '', '', '', '', %s, '', %s, 1 "
                "FROM json_each(%s) AS place CROSS JOIN json_each(%s) AS month "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS record "
                "WHERE record.indicator_id = place.value ->> 0 "
                "AND record.village_id IS place.value ->> 1 AND record.month = month.value) "
                "ORDER BY place.key, month.key",
                [
                    False,
                    now.isoformat(" "),
                    json.dumps(places),
                    json.dumps([month.isoformat() for month in months]),
                ],
            )
            return cursor.rowcount
        finally:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
