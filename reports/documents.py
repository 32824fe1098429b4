"""Which bytes a download returns: a sent month's stored version, exactly as it was sent,
or a fresh rendering of a draft. Used by the download views and `export_report`."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from reports import builders
from reports.builders import (
    monthly_report_data,
    quarterly_report_data,
)
from reports.models import ReportVersion
from reports.selectors import frozen_version, monthly_report
from reports.services import report_version_file
from villages.models import Commune

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMATS = tuple(CONTENT_TYPES)


def render(kind: str, fmt: str, data: dict) -> bytes:
    """render_monthly_pdf(data), render_quarterly_docx(data)…: looked up when called, so
    that a test may replace one renderer."""
    return getattr(builders, f"render_{kind}_{fmt}")(data)


# What a download page says when WeasyPrint fails on a document (reports, province).
PDF_FAILED = _(
    "The PDF could not be produced (the PDF engine failed). The spreadsheet "
    "(XLSX) can still be downloaded; try the PDF again later or tell the "
    "administrator."
)


@dataclass(frozen=True)
class Document:
    content: bytes
    filename: str
    """ASCII, e.g. bao-cao-ntm-xa-quang-trung-2024-03.pdf."""
    display_name: str
    """The same in Vietnamese, for the UTF-8 filename* parameter."""
    fmt: str
    frozen: bool = False

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.fmt]

    @property
    def content_disposition(self) -> str:
        return (
            f"attachment; filename=\"{self.filename}\"; filename*=UTF-8''{quote(self.display_name)}"
        )

    def response(self) -> HttpResponse:
        """The download: an attachment under both names, with its length."""
        response = HttpResponse(self.content, content_type=self.content_type)
        response["Content-Disposition"] = self.content_disposition
        response["Content-Length"] = str(len(self.content))
        return response


def ascii_slug(text: str) -> str:
    """ "Xã Quang Trung" → "xa-quang-trung" (đ has no decomposition, so it is mapped)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return slugify(unicodedata.normalize("NFKD", text))


def _names(kind: str, commune: Commune, period: str, fmt: str, version: int | None):
    suffix = f"-v{version}" if version else ""
    if kind == "monthly":
        ascii_name = f"bao-cao-ntm-{ascii_slug(commune.full_name)}-{period}{suffix}.{fmt}"
        display = f"Báo cáo NTM {commune.full_name} {period}{suffix}.{fmt}"
    else:
        ascii_name = f"ke-hoach-ntm-{ascii_slug(commune.full_name)}-{period.lower()}.{fmt}"
        display = f"Kế hoạch NTM {commune.full_name} {period}.{fmt}"
    return ascii_name, display


def monthly_document(
    commune: Commune, month: datetime.date, fmt: str, *, version: int | None = None
) -> Document:
    """The stored bytes of `version` (404 if there is none), else of the sent version
    when the month's report is sent (rendered from its snapshot and stored on the first
    download if it was sent without them), else a fresh rendering of the draft.
    Raises PdfRenderError when WeasyPrint fails on a fresh PDF."""
    frozen = frozen_version(commune, month, version)
    if version is not None and frozen is None:
        raise Http404
    period = f"{month:%Y-%m}"
    if frozen is not None:
        number = frozen.number if frozen.number > 1 or version else None
        return sent_version_document(frozen, commune, month, fmt, number=number)
    report = monthly_report(commune, month)
    data = monthly_report_data(commune, month, narrative=report.narrative if report else None)
    content = render("monthly", fmt, data)
    filename, display = _names("monthly", commune, period, fmt, None)
    return Document(content, filename, display, fmt)


def sent_version_document(
    version: ReportVersion, commune: Commune, month: datetime.date, fmt: str, *, number: int | None
) -> Document:
    """A sent version's own bytes (rendered from its snapshot and stored first if its
    render job has not stored them yet), named after its commune, month and `number`:
    the commune's download and the province's received file are the same bytes.
    Raises PdfRenderError when WeasyPrint fails."""
    filename, display = _names("monthly", commune, f"{month:%Y-%m}", fmt, number)
    content = report_version_file(version=version, fmt=fmt)
    return Document(content, filename, display, fmt, frozen=True)


def quarterly_document(commune: Commune, year: int, quarter: int, fmt: str) -> Document:
    data = quarterly_report_data(commune, year, quarter)
    content = render("quarterly", fmt, data)
    filename, display = _names("quarterly", commune, f"{year}-Q{quarter}", fmt, None)
    return Document(content, filename, display, fmt)
