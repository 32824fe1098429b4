"""The dossier (hồ sơ minh chứng): a ZIP with a folder per indicator, the files named so a
person can read them, and an index PDF in the Nghị định 30 layout listing every item.

The ZIP is written into a temporary file, one evidence file at a time copied in chunks
from storage, by a job (evidence/tasks.py) that then stores it for its download: memory
stays flat whatever the size of the dossier (benchmarks/evidence.py measures it). Names
are Vietnamese, NFC, with the characters Windows, macOS and Linux all accept; files
already compressed (photos, PDF, office files) are stored as they are, only the index is
deflated.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from typing import IO, Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader, PdfWriter

from criteria.models import Criterion
from evidence.models import Evidence
from evidence.services import storage
from reports.builders import pdf
from reports.builders.wording import date_line
from villages.models import Commune

# A legal document is Vietnamese whatever the reader's language (as reports/builders).
KIND_NAMES = {
    "decision": "Quyết định",
    "minutes": "Biên bản",
    "photo": "Ảnh",
    "statistics": "Bảng thống kê",
    "contract": "Hợp đồng",
    "other": "Tài liệu",
}
INDEX_NAME = "00 - Danh mục minh chứng.pdf"
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_PART = 150
COPY_CHUNK = 1024 * 1024


def safe_part(text: str, limit: int = MAX_PART) -> str:
    """One path component: NFC, no separators or characters a file system refuses, no
    control characters, single spaces, no leading/trailing dots, at most `limit`."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    text = UNSAFE.sub("-", text)
    text = " ".join(text.split()).strip(" .-")
    return text[:limit].rstrip(" .-") or "_"


def file_label(evidence: Evidence) -> str:
    kind = KIND_NAMES.get(evidence.kind, KIND_NAMES["other"])
    if evidence.document_number:
        return f"{kind} {evidence.document_number}"
    return evidence.title if evidence.kind in ("photo", "other") else f"{kind} {evidence.title}"


def readable_name(evidence: Evidence) -> str:
    """`17.1 - 2024-03 - Quyết định 12-QĐ-UBND.pdf` (the village after the month when
    the file proves one village's figure)."""
    extension = "." + evidence.storage_name.rsplit(".", 1)[-1].lower()
    parts = [evidence.indicator.code, f"{evidence.month:%Y-%m}"]
    if evidence.village_id:
        parts.append(evidence.village.name)
    parts.append(file_label(evidence))
    return safe_part(" - ".join(parts), MAX_PART - len(extension)) + extension


def folder_name(evidence: Evidence) -> str:
    return safe_part(f"{evidence.indicator.code} - {evidence.indicator.name}", 80)


def unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        taken.add(name)
        return name
    stem, dot, extension = name.rpartition(".")
    number = 2
    while f"{stem} ({number}){dot}{extension}" in taken:
        number += 1
    name = f"{stem} ({number}){dot}{extension}"
    taken.add(name)
    return name


def build_zip(
    *,
    commune: Commune,
    items: Iterable[Evidence],
    subject: str,
    members: bool,
    output: IO[bytes] | None = None,
    progress: Callable[[int], None] | None = None,
) -> IO[bytes]:
    """Write the dossier into `output` (a new temporary file by default), positioned at
    its start. People outside the commune get photos without EXIF, as on the pages.
    `progress(count)` is called after each file copied in."""
    # Returned open: the caller stores and closes it (the file has no name on disk).
    output = output if output is not None else tempfile.TemporaryFile()  # noqa: SIM115
    store = storage()
    rows: list[dict[str, Any]] = []
    taken: set[str] = set()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for evidence in items:
            path = unique(f"{folder_name(evidence)}/{readable_name(evidence)}", taken)
            source = evidence.storage_name
            if not members and evidence.redacted_name:
                source = evidence.redacted_name
            info = zipfile.ZipInfo(path, timezone.localtime(evidence.uploaded_at).timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = evidence.size
            with store.open(source, "rb") as src, archive.open(info, "w", force_zip64=True) as dst:
                shutil.copyfileobj(src, dst, COPY_CHUNK)
            rows.append({"evidence": evidence, "path": path})
            if progress is not None:
                progress(len(rows))
        index = zipfile.ZipInfo(INDEX_NAME, timezone.localtime().timetuple()[:6])
        index.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(index, index_pdf(commune=commune, subject=subject, rows=rows))
    output.seek(0)
    return output


INDEX_ROWS_PER_PART = 100


def index_pdf(*, commune: Commune, subject: str, rows: list[dict[str, Any]]) -> bytes:
    """The index, rendered `INDEX_ROWS_PER_PART` rows at a time and joined page by page:
    WeasyPrint keeps a whole document's layout in memory (about 0.2 MB a row), so one
    document of 2 000 rows would take 400 MB; parts keep it flat. Each part after the
    first continues the page numbers and carries no header; the last one is signed."""
    parts = [
        rows[start : start + INDEX_ROWS_PER_PART]
        for start in range(0, len(rows), INDEX_ROWS_PER_PART)
    ]
    parts = parts or [[]]
    writer = PdfWriter()
    page = 1
    for number, part_rows in enumerate(parts):
        part = {
            "first": number == 0,
            "last": number == len(parts) - 1,
            "start_page": page,
            "total": len(rows),
            "offset": number * INDEX_ROWS_PER_PART,
        }
        reader = PdfReader(io.BytesIO(index_part(commune, subject, part_rows, part)))
        writer.append(reader)
        page += len(reader.pages)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def index_part(
    commune: Commune, subject: str, rows: list[dict[str, Any]], part: dict[str, Any]
) -> bytes:
    today = timezone.localdate()
    data = {
        "commune": commune,
        "number_line": "",
        "date_line": date_line(commune.name, today),
        "title": "DANH MỤC MINH CHỨNG",
        "subject": subject,
    }
    with translation.override("vi"):
        html = render_to_string(
            "evidence/pdf/index.html",
            {
                "data": data,
                "rows": [
                    index_row(number, row)
                    for number, row in enumerate(rows, start=part["offset"] + 1)
                ],
                "part": part,
                "fonts": pdf.font_faces(),
                "font_family": pdf.FONT_FAMILY,
                "recipients": ["- Đoàn thẩm định;", "- Lưu: VT."],
            },
        )
    return pdf.html_to_pdf(html)


def index_row(number: int, row: dict[str, Any]) -> dict[str, Any]:
    evidence: Evidence = row["evidence"]
    who = evidence.uploaded_by
    document = evidence.document_number
    if evidence.document_date:
        document = f"{document} ngày {evidence.document_date:%d/%m/%Y}".strip()
    return {
        "number": number,
        "indicator": evidence.indicator.code,
        "month": f"{evidence.month:%m/%Y}",
        "village": evidence.village.name if evidence.village_id else "",
        "kind": KIND_NAMES.get(evidence.kind, ""),
        "title": evidence.title,
        "document": document,
        "uploaded": (who.get_full_name() or who.get_username()) if who else "—",
        "uploaded_at": f"{timezone.localtime(evidence.uploaded_at):%d/%m/%Y}",
        "path": row["path"],
        "sha256": evidence.sha256,
    }


def dossier_subject(commune: Commune, criterion: Criterion | None) -> str:
    """What the dossier is about: the commune's whole set, or one criterion."""
    if criterion is None:
        return f"Hồ sơ minh chứng các tiêu chí xã {commune.name}"
    return f"Hồ sơ minh chứng Tiêu chí {criterion.number}. {criterion.name}"


def download_name(subject: str, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{safe_part(subject, 100)} - {today:%Y-%m-%d}.zip"
