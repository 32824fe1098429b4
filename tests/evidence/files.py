"""Tiny real files made in the test: what a phone, a scanner or an office suite writes."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name: str = "Quyết định 12.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 2)
    return (float(degrees), float(minutes), seconds)


def jpeg_bytes(
    *,
    taken: str | None = "2024:03:12 09:15:00",
    latitude: float | None = 19.95,
    longitude: float | None = 105.42,
    colour: str = "green",
    size: tuple[int, int] = (64, 48),
) -> bytes:
    """A JPEG with EXIF: DateTimeOriginal in the Exif IFD, position in the GPS IFD."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "Test phone"  # Make: what must not reach outsiders
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    if latitude is not None:
        gps = exif.get_ifd(0x8825)
        # Degrees, minutes, seconds: 19°57'0" is 19.95°.
        gps[1], gps[2] = "N", dms(latitude)
        gps[3], gps[4] = "E", dms(longitude)
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def jpeg(name: str = "Ảnh công trình.jpg", **options: object) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**options), content_type="image/jpeg")


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "blue").save(output, format="PNG")
    return output.getvalue()


def png_bomb_bytes(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG header claiming width × height pixels, with a few bytes of data."""
    data = png_bytes((1, 1))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    patched = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
    return data[:8] + patched + data[8 + 25 :]


def office_bytes(kind: str = "xlsx", extra: dict[str, bytes] | None = None) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        main = "xl/workbook.xml" if kind == "xlsx" else "word/document.xml"
        archive.writestr(main, "<workbook/>" if kind == "xlsx" else "<document/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return output.getvalue()


def zip_bomb_xlsx_bytes(megabytes: int = 2) -> bytes:
    """An XLSX whose one sheet unpacks to `megabytes` of zeros (a few kB compressed)."""
    return office_bytes("xlsx", {"xl/worksheets/sheet1.xml": b"\0" * (megabytes * 1024 * 1024)})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
