"""Rows stored before the figures were bounded: a figure out of range (SQLite kept
1e20 where the column holds 14 digits) made every page that read it answer 500. The
figure is cleared and the row keeps what was typed in its warning, so the next save
through the form corrects it. Raw SQL: the ORM cannot read such a row on SQLite."""

from django.db import migrations

LIMITS = {"numerator": 100_000_000, "denominator": 100_000_000, "value": 1_000_000_000}


def clear_out_of_range(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table = quote("criteria_indicatorrecord")
    with connection.cursor() as cursor:
        for column, limit in LIMITS.items():
            name = quote(column)
            cursor.execute(
                f"SELECT id, CAST({name} AS TEXT) FROM {table} "  # noqa: S608 - fixed names
                f"WHERE {name} > %s OR {name} < 0",
                [limit],
            )
            for pk, text in cursor.fetchall():
                note = f"Số liệu không đọc được ({column} = {text}) đã được xoá; hãy nhập lại."
                cursor.execute(
                    f"UPDATE {table} SET {name} = NULL, {quote('warning')} = %s "  # noqa: S608
                    "WHERE id = %s",
                    [note[:500], pk],
                )


class Migration(migrations.Migration):
    dependencies = [("criteria", "0004_record_warnings")]

    operations = [migrations.RunPython(clear_out_of_range, migrations.RunPython.noop)]
