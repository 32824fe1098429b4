"""One figure, one text: a percentage and a count print the same on a page, in the PDF,
in the XLSX and through the CLI (criteria.numbers computes and formats them all)."""

import datetime
import io
import re
import unicodedata
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.core.management import call_command

from criteria.models import IndicatorRecord

MARCH = datetime.date(2024, 3, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def one_in_800(demo):
    """17.2 (a commune figure) at 1/800 = 0.125 %: half-up gives 0,13 %, half-to-even
    0,12 %. 17.1's commune denominator is the register's 1 805 households."""
    indicator = demo.criteria_set.indicators.get(code="17.2")
    IndicatorRecord.objects.update_or_create(
        commune=demo,
        indicator=indicator,
        village=None,
        month=MARCH,
        defaults={"numerator": Decimal(1), "denominator": Decimal(800)},
    )
    return indicator


def cell_text(cell) -> str:
    """What a spreadsheet shows for a percent-formatted cell, written the Vietnamese way."""
    decimals = len(re.search(r"\.(0*)%", cell.number_format).group(1))
    return f"{Decimal(str(cell.value)) * 100:.{decimals}f}".replace(".", ",") + " %"


def test_a_percentage_and_a_count_print_the_same_everywhere(one_in_800, login, in_march, tmp_path):
    client = login("thuongtruc")
    page = client.get("/months/2024-03/indicators/17.2/").content.decode()
    assert "0,13 % (1/800)" in page
    assert "(0/1.805)" in client.get("/months/2024-03/indicators/17.1/").content.decode()

    pdf = tmp_path / "report.pdf"
    call_command("export_report", "monthly", "2024-03", "--output", str(pdf), stderr=io.StringIO())
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    text = unicodedata.normalize("NFC", text)
    assert "0,13 % (1/800)" in text
    assert "0,12 %" not in text
    assert "1.805" in text

    response = client.get("/reports/monthly/2024-03.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response)))
    row = next(r for r in workbook["Tiêu chí"].iter_rows(min_row=4) if r[0].value == "17.2")
    assert row[3].value == "0,13 % (1/800)"
    assert cell_text(row[6]) == "0,13 %"
    commune = next(
        r
        for r in workbook["Theo thôn"].iter_rows(min_row=4)
        if r[0].value == "17.1" and r[2].value == "Toàn xã"
    )
    assert commune[4].value == 1805 and commune[4].number_format.startswith("#,##0")

    xlsx = tmp_path / "report.xlsx"
    call_command(
        "export_report",
        "monthly",
        "2024-03",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        stderr=io.StringIO(),
    )
    cli = openpyxl.load_workbook(xlsx)["Tiêu chí"]
    assert next(r for r in cli.iter_rows(min_row=4) if r[0].value == "17.2")[3].value == (
        "0,13 % (1/800)"
    )
