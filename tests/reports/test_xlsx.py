"""The workbooks as a spreadsheet program shows them: row heights for wrapped text, one
font family, numbers typed and formatted, dates as dates, and (when LibreOffice is
installed) a conversion to PDF that shows the key figures."""

import datetime
import io
import shutil
import subprocess

import openpyxl
import pypdf
import pytest

from reports.builders import quarterly_report_data, render_quarterly_xlsx
from villages.models import Commune

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")  # poppler-utils (.ci/run installs it)


@pytest.fixture(scope="module")
def workbooks(march_xlsx, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        commune = Commune.objects.select_related("criteria_set").get(name="Quang Trung")
        quarterly = render_quarterly_xlsx(quarterly_report_data(commune, 2024, 1))
    return {"monthly": march_xlsx, "quarterly": quarterly}


@pytest.fixture(scope="module")
def books(workbooks):
    """Each workbook opened once by openpyxl for the module's tests (they only read)."""
    return {
        kind: openpyxl.load_workbook(io.BytesIO(content)) for kind, content in workbooks.items()
    }


def cells(book):
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                yield sheet, cell


@pytest.mark.parametrize("kind", ["monthly", "quarterly"])
def test_every_wrapped_cell_has_a_row_height_for_its_lines(books, kind):
    checked = 0
    for sheet, cell in cells(books[kind]):
        if cell.row > 3 and cell.alignment.wrap_text and isinstance(cell.value, str):
            width = sheet.column_dimensions[cell.column_letter].width
            height = sheet.row_dimensions[cell.row].height
            assert height, (sheet.title, cell.coordinate)
            # At least one line of 11 pt per width's worth of characters (Times holds
            # about 1.2 characters per width unit).
            lines = sum(
                -(-max(1, len(line)) // int(width * 1.2)) for line in cell.value.split("\n")
            )
            assert height >= lines * 14, (sheet.title, cell.coordinate, height, lines)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("kind", ["monthly", "quarterly"])
def test_every_number_cell_is_a_number_with_a_number_format(books, kind):
    numbers = 0
    for sheet, cell in cells(books[kind]):
        if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
            assert cell.data_type == "n"
            assert cell.number_format != "General", (sheet.title, cell.coordinate)
            assert "#,##0.##" not in cell.number_format
            if isinstance(cell.value, int) or float(cell.value).is_integer():
                assert cell.number_format in ("#,##0", "0.00%"), cell.number_format
            numbers += 1
    assert numbers > 50


@pytest.mark.parametrize("kind", ["monthly", "quarterly"])
def test_one_font_family_in_the_workbook(books, kind):
    book = books[kind]
    fonts = {cell.font.name for _sheet, cell in cells(book) if cell.value is not None}
    assert fonts == {"Times New Roman"}
    assert {font.name for font in book._fonts} == {"Times New Roman"}


def test_sending_dates_are_dates(books):
    sheet = books["monthly"]["Báo cáo đơn vị"]
    dates = [row[3] for row in sheet.iter_rows(min_row=4) if row[3].value is not None]
    assert dates
    assert all(isinstance(cell.value, datetime.datetime) for cell in dates)
    assert all(cell.number_format == "DD/MM/YYYY" for cell in dates)


def test_quarterly_workbook_has_the_per_village_sheet(books):
    rows = list(books["quarterly"]["Theo thôn"].iter_rows(min_row=4, values_only=True))
    assert ("17.1", "Tỷ lệ hộ được sử dụng nước sạch tập trung theo quy định", "Hợp Lộc") in {
        row[:3] for row in rows
    }


@pytest.fixture(scope="module")
def converted(workbooks, tmp_path_factory):
    """Both workbooks converted to PDF by LibreOffice Calc in one run."""
    folder = tmp_path_factory.mktemp("soffice")
    sources = []
    for kind, content in workbooks.items():
        sources.append(folder / f"{kind}.xlsx")
        sources[-1].write_bytes(content)
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    return result, folder


def pdf_text(path):
    """The PDF's text: by poppler's pdftotext when it is installed (pypdf's extraction took
    as long as the rest of the file's checks), else by pypdf."""
    if PDFTOTEXT:
        done = subprocess.run(
            [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
        return done.stdout.decode()
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("kind", ["monthly", "quarterly"])
def test_libreoffice_converts_the_workbook_with_its_key_cells(converted, kind):
    result, folder = converted
    assert result.returncode == 0, result.stderr
    text = pdf_text(folder / f"{kind}.pdf")
    assert "Hợp Lộc" in text
    assert "215" in text  # Hợp Lộc's households in the 17.1 (clean water) row
    assert "Tổng số tiêu chí 19" in " ".join(text.split())
    label = "Số tiêu chí đạt" if kind == "monthly" else "Số tiêu chí đạt (tháng 3/2024)"
    assert f"{label} 17" in " ".join(text.split())
