"""Entry templates against openpyxl alone, in one run (`make bench`).

1. Template generation for the whole commune (the standing member's template) at 110
   villages.
2. Upload to preview of that workbook, filled (size/kind checks, read-only reading, the
   form's validation of every input, the status each cell would give), with its peak
   memory, against raw openpyxl reading the same cells read-only (goal: ratio ≤ 2).
Runs on a throw-away SQLite database with the demo commune grown to 110 villages."""

from __future__ import annotations

import datetime
import io

from measure import django_setup, peak_memory, timed

django_setup()

from django.core.management import call_command  # noqa: E402

MARCH = datetime.date(2024, 3, 1)
VILLAGES = 110


def raw_read(data: bytes) -> list[tuple]:
    """What openpyxl alone does to get the same cells: every sheet's input and key
    columns, read-only, cached values."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = [
        row
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(min_col=5, max_col=8, values_only=True)
    ]
    workbook.close()
    return cells


def grow(commune: object) -> None:
    from villages.models import HouseholdRecord, Village

    for number in range(commune.villages.count(), VILLAGES):
        village = Village.objects.create(commune=commune, name=f"Thử {number}", position=number)
        HouseholdRecord.objects.create(
            village=village, as_of=datetime.date(2022, 1, 1), households=200, population=800
        )


def main() -> None:
    call_command("migrate", verbosity=0)
    # The 2024 seed alone: March 2024 stays open for the upload (the full demo closes it).
    call_command("load_demo", until="2024-03", stdout=io.StringIO())

    import time_machine
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from openpyxl import load_workbook

    from criteria.access import Scope
    from criteria.spreadsheets import template_build, template_cells
    from criteria.uploads import preview_data
    from villages.models import Commune
    from villages.xlsx import check_xlsx_upload

    commune = Commune.objects.get(name="Quang Trung")
    grow(commune)
    user = get_user_model().objects.get(username="thuongtruc")
    with time_machine.travel(datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)):
        scope = Scope(user, commune)

        def generate() -> bytes:
            return template_build(commune, MARCH, template_cells(commune, MARCH, scope))

        generation, template = timed(generate, 3)
        workbook = load_workbook(io.BytesIO(template))
        inputs = 0
        for sheet in workbook.worksheets[:-1]:
            for row in range(4, sheet.max_row + 1):
                key = sheet.cell(row, 8).value or ""
                value = sheet.cell(row, 5)
                below = sheet.cell(row + 1, 5).value
                if key.endswith("-numerator") and isinstance(below, int | float):
                    value.value = int(below * 0.9) if isinstance(below, int) else below * 0.9
                elif key.endswith("-met") and value.value is None:
                    value.value = "Đạt"
                elif key.endswith("-value") and value.value is None:
                    value.value = "1,5"
                inputs += 1
        buffer = io.BytesIO()
        workbook.save(buffer)
        filled = buffer.getvalue()

        def preview() -> object:
            check_xlsx_upload("mau.xlsx", filled, max_bytes=settings.FIGURE_UPLOAD_MAX_BYTES)
            return preview_data(commune=commune, month=MARCH, user=user, data=filled)

        preview_time, result = timed(preview, 3)
        raw_time, _cells = timed(lambda: raw_read(filled), 3)
        preview_peak = peak_memory(preview)
        raw_peak = peak_memory(lambda: raw_read(filled))
    print(f"villages: {VILLAGES}, sheets: {len(workbook.sheetnames)}, inputs: {inputs}")
    print(f"file: {len(template) / 1024:.0f} KiB (filled {len(filled) / 1024:.0f} KiB)")
    print(f"template generation (whole commune): {generation * 1000:.0f} ms")
    print(
        f"upload to preview: {preview_time * 1000:.0f} ms, peak {preview_peak:.1f} MiB "
        f"({len(result.rows)} rows, {result.changes} changes, {result.errors} errors)"
    )
    print(f"raw openpyxl reading the same cells: {raw_time * 1000:.0f} ms, peak {raw_peak:.1f} MiB")
    ratio = preview_time / raw_time
    print(f"ratio preview / raw: {ratio:.2f} (goal ≤ 2) {'OK' if ratio <= 2 else 'OVER'}")


if __name__ == "__main__":
    main()
