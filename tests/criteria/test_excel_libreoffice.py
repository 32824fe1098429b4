"""The template saved again by LibreOffice (as an official without Excel would) still
uploads: its identity sheet, keys and cached formula values survive the conversion."""

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from criteria.models import IndicatorRecord
from tests.criteria.conftest import MARCH
from tests.criteria.excel import download, fill, upload
from villages.models import Village

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.usefixtures("in_march"),
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def _through_libreoffice(content: bytes, tmp_path) -> bytes:
    source = tmp_path / "in" / "mau.xlsx"
    source.parent.mkdir()
    source.write_bytes(content)
    out = tmp_path / "out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (out / "mau.xlsx").read_bytes()


def test_template_saved_by_libreoffice_uploads(login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    hop_loc = Village.objects.get(name="Hợp Lộc")
    client = login("thon.hoploc")
    # A formula in an input cell: LibreOffice computes it and saves its value.
    filled = fill(download(client), {("17.1", "numerator"): "=20+20"})
    converted = _through_libreoffice(filled, tmp_path)
    assert load_workbook(io.BytesIO(converted)).sheetnames[0] == "Thôn Hợp Lộc"
    response = upload(client, converted, "hop-loc-libreoffice.xlsx")
    assert response.status_code == 302, response.content.decode()[-2000:]
    client.post(response.url, {})
    water = IndicatorRecord.objects.get(indicator__code="17.1", village=hop_loc, month=MARCH)
    assert water.numerator == 40
