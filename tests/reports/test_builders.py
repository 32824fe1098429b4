import datetime
import io
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pypdf
import pytest

from criteria.models import Indicator, IndicatorRecord
from reports.builders import (
    monthly_report_data,
    quarterly_report_data,
    render_monthly_xlsx,
    render_quarterly_xlsx,
)
from reports.builders.pdf import monthly_html
from reports.builders.wording import date_line, number_line
from villages.models import Commune, HouseholdRecord, Village

MARCH = datetime.date(2024, 3, 1)
# Marked so that pytest-django runs these with the database tests, before the
# transactional tests that empty the database.
pytestmark = pytest.mark.django_db


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def pdf_text(march):
    reader = pypdf.PdfReader(io.BytesIO(march[1]))
    return nfc("\n".join(page.extract_text() for page in reader.pages))


def test_pdf_has_the_administrative_layout(pdf_text):
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "XÃ QUANG TRUNG",
        "Quang Trung, ngày 16 tháng 3 năm 2024",
        "BÁO CÁO",
        "Kính gửi: Ban Chỉ đạo các Chương trình mục tiêu quốc gia huyện Ngọc Lặc",
        "Nơi nhận:",
        "17/19 tiêu chí",
        "PHỤ LỤC",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Bùi Văn Lương",
    ):
        assert nfc(expected) in pdf_text, expected


def test_pdf_embeds_only_the_bundled_font(march):
    reader = pypdf.PdfReader(io.BytesIO(march[1]))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert "/FontFile2" in descriptor  # embedded, not referenced
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts
    # Named from the font file itself ("Liberation-Serif-Bold"): no system font slipped in.
    assert all(name.replace("-", "").startswith("LiberationSerif") for name in fonts), fonts
    assert len(fonts) == 4


def test_pdf_is_a4_portrait_with_a_landscape_appendix(march):
    reader = pypdf.PdfReader(io.BytesIO(march[1]))
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)
    assert (round(float(last.width)), round(float(last.height))) == (842, 595)


def test_xlsx_sheets_headers_and_percentages(march):
    data, _pdf, xlsx = march
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Tiêu chí",
        "Theo thôn",
        "Nhiệm vụ",
        "Nguồn lực",
        "Báo cáo đơn vị",
    ]
    assert workbook.properties.subject == "Xã Quang Trung"
    criteria = workbook["Tiêu chí"]
    assert [c.value for c in criteria[3]][:4] == [
        "TT",
        "Tiêu chí, chỉ tiêu",
        "Chỉ tiêu yêu cầu",
        "Kết quả",
    ]
    assert criteria["A3"].font.bold
    assert criteria.freeze_panes == "A4"
    assert criteria.print_title_rows == "$1:$3"
    assert int(criteria.page_setup.paperSize) == 9  # A4
    villages = workbook["Theo thôn"]
    rows = [r for r in villages.iter_rows(min_row=4, values_only=True) if r[0] == "2.2"]
    numerators = sum(r[3] for r in rows if r[2] != "Toàn xã")
    denominators = sum(r[4] for r in rows if r[2] != "Toàn xã")
    line = next(r for r in criteria.iter_rows(min_row=4) if r[0].value == "2.2")
    assert line[6].number_format == "0.00%"
    assert isinstance(line[6].value, float)
    # The percentage rounded half-up to two decimals, as the PDF prints it.
    share = Decimal(numerators) * 100 / Decimal(denominators)
    expected = share.quantize(Decimal("0.01"), ROUND_HALF_UP) / 100
    assert line[6].value == pytest.approx(float(expected), abs=1e-12)


def test_date_line_pads_days_below_ten_and_january_february():
    assert date_line("Quang Trung", datetime.date(2024, 2, 5)) == (
        "Quang Trung, ngày 05 tháng 02 năm 2024"
    )
    assert date_line("Quang Trung", datetime.date(2024, 11, 16)) == (
        "Quang Trung, ngày 16 tháng 11 năm 2024"
    )


def test_number_is_blank_until_the_report_is_sent():
    assert number_line("25/BC-UBND", "BC-UBND") == "Số: 25/BC-UBND"
    assert number_line(None, "BC-UBND").replace("\u00a0", " ") == "Số:        /BC-UBND"


def test_month_without_data_says_so(demo):
    data = monthly_report_data(demo, datetime.date(2023, 6, 1))
    assert data["has_data"] is False
    assert "chưa có số liệu" in monthly_html(data)
    assert openpyxl.load_workbook(io.BytesIO(render_monthly_xlsx(data))).sheetnames


def test_narrative_is_prefilled_from_the_month(demo):
    narrative = monthly_report_data(demo, MARCH)["narrative"]
    assert "Hội Nông dân xã" in narrative["leadership"]  # has not reported
    assert "13.2" in narrative["assessment"] and "17.1" in narrative["assessment"]
    assert "cấp nước sạch" in narrative["proposals"]
    given = monthly_report_data(demo, MARCH, narrative={"proposals": "Đề nghị riêng."})
    assert given["narrative"]["proposals"] == "Đề nghị riêng."


def test_quarterly_plan_lists_the_quarter(demo):
    data = quarterly_report_data(demo, 2024, 1)
    assert data["title"] == "KẾ HOẠCH"
    assert data["quarter_milestone"].startswith("Ban hành Kế hoạch")
    assert any(task["deadline"] == "2024-03-31" for task in data["quarter_tasks"])
    workbook = openpyxl.load_workbook(io.BytesIO(render_quarterly_xlsx(data)))
    assert workbook.sheetnames[:2] == ["Kế hoạch", "Nhiệm vụ quý 1"]


def _grow(commune: Commune, months: int = 24, villages: int = 40) -> None:
    """40 more villages and 24 months of per-village figures (bulk inserts)."""
    made = Village.objects.bulk_create(
        Village(commune=commune, name=f"Thôn thử {n}", position=200 + n) for n in range(villages)
    )
    HouseholdRecord.objects.bulk_create(
        HouseholdRecord(village=v, as_of=datetime.date(2022, 1, 1), households=100) for v in made
    )
    indicators = list(
        Indicator.objects.filter(criteria_set=commune.criteria_set, per_village=True, kind="ratio")[
            :3
        ]
    )
    start = datetime.date(2022, 1, 1)
    records = []
    for index in range(months):
        month = datetime.date(start.year + (index // 12), index % 12 + 1, 1)
        for indicator in indicators:
            for village in made:
                records.append(
                    IndicatorRecord(
                        commune=commune,
                        indicator=indicator,
                        village=village,
                        month=month,
                        numerator=50,
                        denominator=100,
                    )
                )
    IndicatorRecord.objects.bulk_create(records)


def test_data_builder_query_count_is_constant(demo, django_assert_num_queries):
    commune = Commune.objects.select_related("criteria_set", "province").get(pk=demo.pk)
    # 12 + 2: which set assesses the month (criteria.sets: overrides, published sets).
    with django_assert_num_queries(14):
        monthly_report_data(commune, MARCH)
    _grow(commune)
    # A new commune object: the first one keeps its set timeline for the request.
    commune = Commune.objects.select_related("criteria_set", "province").get(pk=demo.pk)
    with django_assert_num_queries(14):
        data = monthly_report_data(commune, MARCH)
    assert len(data["villages"]) == 51
