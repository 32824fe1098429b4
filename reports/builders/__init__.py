"""The commune's documents as data, PDF, XLSX and DOCX.

`monthly_report_data` / `quarterly_report_data` read the database (a fixed number of
queries) into a JSON-serialisable snapshot; the `render_*` functions are pure: snapshot
in, bytes out. A sent report stores the snapshot and the bytes, so that it can be
downloaded again exactly as it was sent."""

from reports.builders.data import monthly_report_data, quarterly_report_data
from reports.builders.docx import render_monthly_docx, render_quarterly_docx
from reports.builders.pdf import PdfRenderError, render_monthly_pdf, render_quarterly_pdf
from reports.builders.xlsx import render_monthly_xlsx, render_quarterly_xlsx

__all__ = [
    "PdfRenderError",
    "monthly_report_data",
    "quarterly_report_data",
    "render_monthly_docx",
    "render_monthly_pdf",
    "render_monthly_xlsx",
    "render_quarterly_docx",
    "render_quarterly_pdf",
    "render_quarterly_xlsx",
]
