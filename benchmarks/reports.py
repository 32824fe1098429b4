"""Report builders against their libraries alone, in one run (`make bench`).

1. Monthly PDF: render_monthly_pdf(data) against WeasyPrint alone on the identical HTML
   (goal: ratio ≤ 1.2).
2. Monthly XLSX: render_monthly_xlsx(data) against raw openpyxl writing the same cells
   without styles (goal: ratio ≤ 1.5).
3. Monthly DOCX: render_monthly_docx(data) against raw python-docx writing the same
   paragraphs and table cells without styles (no goal: a figure to watch).
4. Download of a sent month (stored bytes) against a fresh render (goal: ≥ 20× faster).
Each with its peak memory (tracemalloc). Runs on a throw-away SQLite database with the
demo commune, so it needs nothing but the virtualenv."""

from __future__ import annotations

import datetime
import io
import sys

from measure import django_setup, peak_memory, timed

django_setup()

from django.core.management import call_command  # noqa: E402

MARCH = datetime.date(2024, 3, 1)


def raw_openpyxl(cells: dict[str, list[tuple]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in cells.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def raw_python_docx(paragraphs: list[str], tables: list[list[list[str]]]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for cells, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(cells.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", until="2024-03", stdout=io.StringIO())

    import docx
    from django.contrib.auth import get_user_model
    from openpyxl import load_workbook

    from reports.builders import (
        monthly_report_data,
        render_monthly_docx,
        render_monthly_pdf,
        render_monthly_xlsx,
    )
    from reports.builders.pdf import html_to_pdf, monthly_html
    from reports.documents import monthly_document
    from reports.services import monthly_report_approve, monthly_report_send
    from villages.models import Commune

    commune = Commune.objects.select_related("criteria_set", "province").get(name="Quang Trung")
    data = monthly_report_data(commune, MARCH)
    html = monthly_html(data)
    figures = []

    pdf_time, pdf = timed(lambda: render_monthly_pdf(data), 3)
    weasy_time, _ = timed(lambda: html_to_pdf(html), 3)
    figures.append(
        (
            "Monthly PDF (render_monthly_pdf vs WeasyPrint alone, same HTML)",
            pdf_time,
            weasy_time,
            pdf_time / weasy_time,
            "≤ 1.2",
            peak_memory(lambda: render_monthly_pdf(data)),
            peak_memory(lambda: html_to_pdf(html)),
        )
    )

    xlsx = render_monthly_xlsx(data)
    workbook = load_workbook(io.BytesIO(xlsx))
    cells = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}
    xlsx_time, _ = timed(lambda: render_monthly_xlsx(data), 20)
    raw_time, _ = timed(lambda: raw_openpyxl(cells), 20)
    figures.append(
        (
            "Monthly XLSX (render_monthly_xlsx vs raw openpyxl, same cells)",
            xlsx_time,
            raw_time,
            xlsx_time / raw_time,
            "≤ 1.5",
            peak_memory(lambda: render_monthly_xlsx(data)),
            peak_memory(lambda: raw_openpyxl(cells)),
        )
    )

    word = render_monthly_docx(data)
    opened = docx.Document(io.BytesIO(word))
    paragraphs = [p.text for p in opened.paragraphs]
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in opened.tables]
    docx_time, _ = timed(lambda: render_monthly_docx(data), 5)
    raw_docx_time, _ = timed(lambda: raw_python_docx(paragraphs, tables), 5)
    figures.append(
        (
            "Monthly DOCX (render_monthly_docx vs raw python-docx, same text)",
            docx_time,
            raw_docx_time,
            docx_time / raw_docx_time,
            "—",
            peak_memory(lambda: render_monthly_docx(data)),
            peak_memory(lambda: raw_python_docx(paragraphs, tables)),
        )
    )

    users = get_user_model().objects
    monthly_report_approve(commune=commune, month=MARCH, user=users.get(username="truongban"))
    monthly_report_send(commune=commune, month=MARCH, user=users.get(username="thuongtruc"))

    def fresh() -> bytes:
        return render_monthly_pdf(monthly_report_data(commune, MARCH))

    def frozen() -> bytes:
        return monthly_document(commune, MARCH, "pdf").content

    frozen_time, _ = timed(frozen, 50)
    fresh_time, _ = timed(fresh, 3)
    figures.append(
        (
            "Sent month: stored PDF download vs fresh render (speed-up)",
            frozen_time,
            fresh_time,
            fresh_time / frozen_time,
            "≥ 20×",
            peak_memory(frozen),
            peak_memory(fresh),
        )
    )

    print(
        f"Report benchmarks — demo commune, March 2024 ({len(pdf) // 1024} KiB PDF, "
        f"{len(xlsx) // 1024} KiB XLSX, {len(word) // 1024} KiB DOCX, "
        f"Python {sys.version.split()[0]})"
    )
    print(
        f"{'measure':64} {'ours ms':>9} {'base ms':>9} {'ratio':>8} {'goal':>6} "
        f"{'ours MiB':>9} {'base MiB':>9}"
    )
    for name, ours, base, ratio, goal, ours_mem, base_mem in figures:
        print(
            f"{name:64} {ours * 1000:9.1f} {base * 1000:9.1f} {ratio:8.2f} {goal:>6} "
            f"{ours_mem:9.1f} {base_mem:9.1f}"
        )


if __name__ == "__main__":
    main()
