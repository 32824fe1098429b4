import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command


def test_exports_monthly_and_quarterly_xlsx(demo, tmp_path):
    monthly, quarterly = tmp_path / "m.xlsx", tmp_path / "q.xlsx"
    call_command(
        "export_report",
        "monthly",
        "2024-03",
        "--format",
        "xlsx",
        "--output",
        str(monthly),
        stderr=io.StringIO(),
    )
    call_command(
        "export_report",
        "quarterly",
        "2024-Q1",
        "--format",
        "xlsx",
        "--output",
        str(quarterly),
        stderr=io.StringIO(),
    )
    assert openpyxl.load_workbook(monthly)["Tổng hợp"]["B4"].value == "Xã Quang Trung"
    assert openpyxl.load_workbook(quarterly).sheetnames[0] == "Kế hoạch"


@pytest.mark.parametrize(("kind", "period"), [("monthly", "2024-13"), ("quarterly", "2024-Q5")])
def test_malformed_period_is_an_error(demo, kind, period, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_report", kind, period, "--output", str(tmp_path / "x"))
