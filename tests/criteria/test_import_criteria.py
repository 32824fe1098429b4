import csv
import io

import pytest
from django.core.management import CommandError, call_command

from criteria.models import Indicator

HEADER = [
    "group_no",
    "group_name",
    "criterion_no",
    "criterion_name",
    "indicator_code",
    "indicator_name",
    "kind",
    "comparator",
    "threshold",
    "unit",
    "per_village",
    "confidence",
]


def write_csv(tmp_path, rows):
    path = tmp_path / "set.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


GOOD = ["1", "Quy hoạch", "1", "Quy hoạch", "1.1", "Có quy hoạch", "boolean", "", "", "", "no", ""]


def test_import_adds_indicators_and_thresholds(tmp_path, criteria_set):
    ratio = [
        "4",
        "Văn hóa",
        "17",
        "Môi trường",
        "17.1",
        "Nước sạch",
        "ratio",
        ">=",
        "20,5",
        "%",
        "yes",
        "",
    ]
    call_command(
        "import_criteria",
        write_csv(tmp_path, [GOOD, ratio]),
        "--set",
        criteria_set.code,
        stdout=io.StringIO(),
    )
    water = Indicator.objects.get(code="17.1", criteria_set=criteria_set)
    assert water.per_village
    assert water.thresholds.get().value == 20.5


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            ["1", "Quy hoạch", "1", "Quy hoạch", "1.2", "X", "ratio", ">=", "120", "%", "no", ""],
            "từ 0 đến 100",
        ),
        (
            ["1", "Quy hoạch", "1", "Quy hoạch", "1.2", "X", "ratio", ">=", "-1", "%", "no", ""],
            "không được âm",
        ),
        (
            ["1", "Quy hoạch", "1", "Quy hoạch", "1.2", "X", "ratio", "", "20", "%", "no", ""],
            "phép so sánh",
        ),
        (
            ["1", "Quy hoạch", "1", "Quy hoạch", "1.2", "X", "ratio", ">=", "abc", "%", "no", ""],
            "không phải là số",
        ),
        (["1", "Quy hoạch", "1", "Quy hoạch", "X.Y", "X", "boolean", "", "", "", "no", ""], "13.2"),
    ],
)
def test_bad_row_changes_nothing(tmp_path, criteria_set, bad, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "import_criteria", write_csv(tmp_path, [GOOD, bad]), "--set", criteria_set.code
        )
    assert not Indicator.objects.filter(criteria_set=criteria_set).exists()


def test_a_published_set_is_refused_and_unchanged(tmp_path, criteria_set):
    from django.utils import timezone

    criteria_set.status = "published"
    criteria_set.published_at = timezone.now()
    criteria_set.save()
    with pytest.raises(CommandError, match="published and read-only"):
        call_command("import_criteria", write_csv(tmp_path, [GOOD]), "--set", criteria_set.code)
    assert not Indicator.objects.filter(criteria_set=criteria_set).exists()
