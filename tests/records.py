"""Monthly records in bulk for the query-count tests, without building model instances."""

import datetime
import json


def insert_records(places: list[tuple], months: list[datetime.date], commune_id: int) -> int:
    """Every place × every month of the commune that has no record yet, without building
    model instances (200,000 of them would take most of a minute). Returns the rows added."""
    from django.db import connection

    from criteria.models import IndicatorRecord

    table = connection.ops.quote_name(IndicatorRecord._meta.db_table)
    now = datetime.datetime(2024, 3, 14, tzinfo=datetime.UTC)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: row-by-row INSERTs take half a minute on PostgreSQL.
            cursor.execute(
                f"SELECT indicator_id, village_id, month FROM {table} "
                "WHERE commune_id = %s AND month BETWEEN %s AND %s",
                [commune_id, months[0], months[-1]],
            )
            taken = set(cursor.fetchall())
            columns = (
                "commune_id, indicator_id, village_id, month, met, numerator, denominator, value, "
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
                                (commune_id, indicator, village, month, *values)
                                + ("", "", "", "", "", "", 1)
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
                f"INSERT INTO {table} (commune_id, indicator_id, village_id, month, met, "
                "numerator, denominator, value, denominator_note, evidence, work_done, "
                "difficulties, proposals, is_sample, warning, recorded_at, version) "
                "SELECT %s, place.value ->> 0, place.value ->> 1, month.value, place.value ->> 2, "
                "place.value ->> 3, place.value ->> 4, place.value ->> 5, "
                "'', '', '', '', '', %s, '', %s, 1 "
                "FROM json_each(%s) AS place CROSS JOIN json_each(%s) AS month "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS record "
                "WHERE record.commune_id = %s AND record.indicator_id = place.value ->> 0 "
                "AND record.village_id IS place.value ->> 1 AND record.month = month.value) "
                "ORDER BY place.key, month.key",
                [
                    commune_id,
                    False,
                    now.isoformat(" "),
                    json.dumps(places),
                    json.dumps([month.isoformat() for month in months]),
                    commune_id,
                ],
            )
            return cursor.rowcount
        finally:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
