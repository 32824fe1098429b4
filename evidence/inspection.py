"""What an uploaded file really is, decided from its content, never from its name.

Only the types a commune's proof comes in are accepted: PDF, JPEG, PNG, WebP, DOCX, XLSX,
ODT and ODS. The first bytes (the "magic") say which one it is; the extension must agree.
Images are opened with Pillow under a pixel limit before anything is decoded (a PNG
of a few kilobytes can claim 100 000 × 100 000 pixels); office files are ZIP archives
whose entries and uncompressed size are bounded and read back (a ZIP bomb is refused,
never unpacked to disk). Python's own zipfile and Pillow are all this needs: a magic
library would add a dependency for eight signatures.

Every refusal is a `Refused` with a Vietnamese (translated) reason; the caller names the
file.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from evidence.photos import THUMBNAIL_SIZE

MAX_NAME_LENGTH = 150
HEAD_SIZE = 8192
CHUNK_SIZE = 1024 * 1024


class Refused(Exception):
    """The file is not accepted; `str()` is the reason, for the person."""


@dataclass(frozen=True)
class FileType:
    key: str
    content_type: str
    extensions: tuple[str, ...]
    label: str


TYPES = {
    "pdf": FileType("pdf", "application/pdf", (".pdf",), "PDF"),
    "jpeg": FileType("jpeg", "image/jpeg", (".jpg", ".jpeg"), "JPEG"),
    "png": FileType("png", "image/png", (".png",), "PNG"),
    "webp": FileType("webp", "image/webp", (".webp",), "WebP"),
    "docx": FileType(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
        "Word (DOCX)",
    ),
    "xlsx": FileType(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (".xlsx",),
        "Excel (XLSX)",
    ),
    "odt": FileType("odt", "application/vnd.oasis.opendocument.text", (".odt",), "ODT"),
    "ods": FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", (".ods",), "ODS"),
}
IMAGE_TYPES = {"jpeg", "png", "webp"}
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows .exe/.dll
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # macOS, Java class
    b"#!",  # scripts
)
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")


def allowed_types_text() -> str:
    return ", ".join(file_type.label for file_type in TYPES.values())


def clean_name(name: str) -> str:
    """NFC, the last path component only, no control or invisible formatting characters
    (a right-to-left override can make "gpj.exe" read "exe.jpg"), at most 150
    characters with the extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if not name or name in {".", ".."}:
        raise Refused(_("the file name is empty or not allowed"))
    stem, extension = os.path.splitext(name)
    if len(extension) > 10:
        stem, extension = name, ""
    if len(name) > MAX_NAME_LENGTH:
        name = stem[: MAX_NAME_LENGTH - len(extension)].rstrip(" .") + extension
    return name


def extension_of(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def detect(head: bytes) -> FileType:
    """The type from the first bytes; refuses what is not on the list, naming the
    dangerous kinds (web pages, SVG drawings, programs) so the person knows why."""
    if head.startswith(b"%PDF-"):
        return TYPES["pdf"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return TYPES["webp"]
    if head.startswith(b"PK\x03\x04"):
        return FileType("zip", "application/zip", (), "ZIP")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text[:2048]:
        raise Refused(_("it is an SVG drawing, which can carry scripts"))
    if text.startswith(HTML_MARKERS) or any(marker in text[:1024] for marker in HTML_MARKERS):
        raise Refused(_("it is a web page (HTML), which can carry scripts"))
    if head.startswith(EXECUTABLE_MAGIC):
        raise Refused(_("it is a program, not a document"))
    raise Refused(
        _("its content is not one of the accepted types (%(types)s)")
        % {"types": allowed_types_text()}
    )


@dataclass
class Inspected:
    name: str
    file_type: FileType
    size: int
    sha256: str
    image: Image.Image | None = None


def inspect(upload: IO[bytes], name: str, size: int) -> Inspected:
    """Check one uploaded file; return what it is, or raise `Refused`."""
    limit = settings.EVIDENCE_MAX_FILE_SIZE
    if size > limit:
        raise Refused(
            _("it is %(size)s, more than the %(limit)s allowed per file")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if size == 0:
        raise Refused(_("the file is empty"))
    upload.seek(0)
    file_type = detect(upload.read(HEAD_SIZE))
    if file_type.key == "zip":
        file_type = office_type(upload)
    extension = extension_of(name)
    if extension not in file_type.extensions:
        raise Refused(
            _("its content is %(type)s but its name ends in “%(extension)s”")
            % {"type": file_type.label, "extension": extension or _("nothing")}
        )
    image = open_image(upload, file_type) if file_type.key in IMAGE_TYPES else None
    return Inspected(
        name=name, file_type=file_type, size=size, sha256=sha256_of(upload), image=image
    )


def chunks(upload: IO[bytes]) -> Iterator[bytes]:
    upload.seek(0)
    while chunk := upload.read(CHUNK_SIZE):
        yield chunk


def sha256_of(upload: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks(upload):
        digest.update(chunk)
    return digest.hexdigest()


def open_image(upload: IO[bytes], file_type: FileType) -> Image.Image:
    """Open (header only) under the portal's pixel limit, then decode it fully, so that a
    decompression bomb is refused before any large buffer exists and a truncated or
    corrupt picture is refused too."""
    upload.seek(0)
    limit = settings.EVIDENCE_MAX_IMAGE_PIXELS
    bomb = _(
        "the picture claims more pixels than the %(limit)s megapixels allowed "
        "(a “decompression bomb”)"
    ) % {"limit": f"{limit / 1_000_000:g}"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            pixels = image.width * image.height
            if pixels > limit:
                raise Refused(bomb)
            if image.format != PILLOW_FORMATS[file_type.key]:
                raise Refused(_("the picture is damaged"))
            if image.format == "JPEG":
                # Decode at a reduced scale (down to 1/8) still big enough for the
                # thumbnail: every byte is still parsed, a fraction is allocated.
                image.draft("RGB", THUMBNAIL_SIZE)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(bomb) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Refused(_("the picture is damaged or incomplete")) from None
    return image


def office_type(upload: IO[bytes]) -> FileType:
    """DOCX, XLSX, ODT or ODS: a ZIP with a known structure, within the entry and size
    limits, every entry read back (CRC checked) without writing anything to disk."""
    upload.seek(0)
    bomb = _("the archive inside the file is too large once unpacked (a “ZIP bomb”)")
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > settings.EVIDENCE_ZIP_MAX_ENTRIES:
                raise Refused(
                    _("the file holds %(count)d parts, more than the %(limit)d allowed")
                    % {"count": len(entries), "limit": settings.EVIDENCE_ZIP_MAX_ENTRIES}
                )
            declared = sum(entry.file_size for entry in entries)
            if declared > settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED:
                raise Refused(bomb)
            if any(entry.flag_bits & 0x1 for entry in entries):
                raise Refused(_("the file is password-protected and cannot be checked"))
            names = {entry.filename for entry in entries}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise Refused(_("the file contains macros"))
            file_type = _office_structure(archive, names)
            # zipfile stops each entry at its declared size and checks its CRC, so
            # reading everything back is bounded by the declared total checked above.
            for entry in entries:
                with archive.open(entry) as member:
                    while member.read(CHUNK_SIZE):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError):
        raise Refused(_("the file is damaged (its ZIP structure cannot be read)")) from None
    return file_type


def _office_structure(archive: zipfile.ZipFile, names: set[str]) -> FileType:
    if "mimetype" in names:
        mimetype = archive.read("mimetype").strip()
        if mimetype in ODF_MIMETYPES:
            return TYPES[ODF_MIMETYPES[mimetype]]
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return TYPES["docx"]
        if "xl/workbook.xml" in names:
            return TYPES["xlsx"]
    raise Refused(
        _("it is a ZIP archive, not one of the accepted types (%(types)s)")
        % {"types": allowed_types_text()}
    )
