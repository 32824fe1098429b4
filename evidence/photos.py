"""Photos as proof: when and where they were taken, a thumbnail, and a copy without EXIF.

A site photo is worth more with its date and GPS position, so both are read from the EXIF
data and kept on the row. The same data tells a stranger where an official stood and with
which phone, so people outside the commune get a copy without it; the original is kept.
A JPEG's copy is made by dropping its metadata segments, byte for byte otherwise (the
photo is not re-compressed), keeping only the orientation so it still shows upright.
"""

from __future__ import annotations

import datetime
import io
import struct
import tempfile
from decimal import Decimal
from typing import IO

from django.utils import timezone
from PIL import Image, ImageOps

THUMBNAIL_SIZE = (480, 480)
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, DATETIME = 0x9003, 0x0132
ORIENTATION = 0x0112
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4
# JPEG segments that carry metadata: APP1 (EXIF, XMP), APP12 (Ducky), APP13 (IPTC),
# COM (comments). APP0 (JFIF), APP2 (ICC colours) and APP14 (Adobe colours) stay.
JPEG_METADATA_MARKERS = {0xE1, 0xEC, 0xED, 0xFE}


def taken_at(image: Image.Image) -> datetime.datetime | None:
    exif = image.getexif()
    raw = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        # EXIF has no time zone: naive here, made aware just below.
        naive = datetime.datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None
    # Cameras write local time without a zone: the commune's time zone is the best guess.
    return timezone.make_aware(naive)


def position(image: Image.Image) -> tuple[Decimal, Decimal] | None:
    gps = image.getexif().get_ifd(GPS_IFD)
    try:
        latitude = _degrees(gps[GPS_LAT], gps.get(GPS_LAT_REF, "N"), "S")
        longitude = _degrees(gps[GPS_LON], gps.get(GPS_LON_REF, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def _degrees(value: tuple, ref: str, negative: str) -> Decimal:
    degrees, minutes, seconds = (Decimal(str(float(part))) for part in value)
    result = degrees + minutes / 60 + seconds / 3600
    if str(ref).strip("\x00 ").upper() == negative:
        result = -result
    return result.quantize(Decimal("0.000001"))


def thumbnail(image: Image.Image) -> bytes:
    """A small upright JPEG without metadata, for the pages."""
    small = ImageOps.exif_transpose(image.copy())
    small.thumbnail(THUMBNAIL_SIZE)
    if small.mode not in ("RGB", "L"):
        background = Image.new("RGB", small.size, "white")
        background.paste(small.convert("RGBA"), mask=small.convert("RGBA").getchannel("A"))
        small = background
    output = io.BytesIO()
    small.save(output, format="JPEG", quality=80)
    return output.getvalue()


def without_exif(upload: IO[bytes], image: Image.Image, file_type: str) -> IO[bytes]:
    """The picture without EXIF/XMP/IPTC: JPEG losslessly (segments dropped), PNG and
    WebP re-encoded by Pillow from the upright picture (neither keeps metadata then)."""
    if file_type == "jpeg":
        return strip_jpeg(upload, orientation=image.getexif().get(ORIENTATION))
    upload.seek(0)
    with Image.open(upload) as full:
        upright = ImageOps.exif_transpose(full)
        output = io.BytesIO()
        if file_type == "png":
            upright.save(output, format="PNG")
        else:
            upright.save(output, format="WEBP", quality=90)
    output.seek(0)
    return output


def strip_jpeg(upload: IO[bytes], orientation: int | None = None) -> IO[bytes]:
    """Copy a JPEG without its metadata segments, streaming: the headers are parsed up
    to the start of the image data, which is then copied as it is."""
    upload.seek(0)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - returned open, the caller closes it
    if upload.read(2) != b"\xff\xd8":
        raise ValueError("not a JPEG")
    output.write(b"\xff\xd8")
    if orientation and orientation != 1:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        payload = b"Exif\x00\x00" + exif.tobytes()
        output.write(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
    while True:
        marker = upload.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            raise ValueError("damaged JPEG header")
        if marker[1] == 0xDA:  # start of scan: the rest is image data
            output.write(marker)
            while chunk := upload.read(1024 * 1024):
                output.write(chunk)
            break
        length_bytes = upload.read(2)
        (length,) = struct.unpack(">H", length_bytes)
        body = upload.read(length - 2)
        if marker[1] not in JPEG_METADATA_MARKERS:
            output.write(marker + length_bytes + body)
    output.seek(0)
    return output
