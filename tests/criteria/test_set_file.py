"""The criteria set file: QĐ 318 exported and imported again is the same set; every bad
row of a filled file is refused with its sheet and cell, and nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from criteria.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorCrosswalk,
    SetStatus,
    Threshold,
)
from criteria.set_selectors import INDICATOR_FIELDS
from criteria.set_services import set_file_confirm, set_file_store
from criteria.setfile import SET_SHEET, set_file_build, set_file_read
from tests.criteria.set_files import (
    CRITERIA,
    INDICATORS,
    TEST_SET_CODE,
    THRESHOLDS,
    WATER,
    set_file,
)
from villages.xlsx import RefusedWorkbook

QD318 = "qd318-2021-2025"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def store(users, data, name="bo.xlsx"):
    return set_file_store(user=users["admin"], province=None, name=name, data=data)


def renamed(data: bytes, code: str) -> bytes:
    """The same file with another set code (the original's code is taken)."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    workbook[SET_SHEET]["B4"] = code
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def snapshot(criteria_set: CriteriaSet) -> dict:
    criteria = {
        c.number: (c.name, c.group.number if c.group else None, c.group.name if c.group else "")
        for c in criteria_set.criteria.select_related("group")
    }
    indicators = {
        i.code: tuple(
            [i.criterion.number, i.position]
            + [getattr(i, name) for name in INDICATOR_FIELDS if name != "criterion"]
        )
        for i in criteria_set.indicators.select_related("criterion")
    }
    thresholds = {
        (t.indicator.code, t.scope, t.region, t.commune_group): (
            t.comparator,
            t.value.normalize(),
            t.source,
            t.is_sample,
            t.is_percentage,
        )
        for t in Threshold.objects.filter(indicator__criteria_set=criteria_set).exclude(
            scope="commune"
        )
    }
    fields = ("decision_ref", "decision_date", "title", "issuer", "valid_from", "valid_to")
    head = {name: getattr(criteria_set, name) for name in (*fields, "threshold_basis", "version")}
    return {"set": head, "criteria": criteria, "indicators": indicators, "thresholds": thresholds}


def test_qd318_exported_and_imported_again_is_the_same_set(demo, users):
    original = CriteriaSet.objects.get(code=QD318)
    upload = store(users, renamed(set_file_build(original), "qd318-ban-sao"))
    copy = set_file_confirm(upload=upload)
    assert copy.status == SetStatus.DRAFT
    assert copy.indicators.count() == 54
    assert snapshot(copy) == snapshot(original)


def test_a_valid_test_file_creates_a_draft_with_its_crosswalk(demo, users):
    created = set_file_confirm(upload=store(users, set_file()))
    assert created.code == TEST_SET_CODE and created.status == SetStatus.DRAFT
    assert "dữ liệu thử" in created.title
    water = created.indicators.get(code=WATER)
    assert sorted(water.thresholds.values_list("commune_group", "value")) == [
        (1, 60),
        (2, 50),
        (3, 40),
    ]
    link = IndicatorCrosswalk.objects.get(criteria_set=created)
    assert (link.old_indicator.code, link.old_indicator.criteria_set.code) == ("17.1", QD318)
    assert link.new_indicator == water and link.same_meaning
    # History is kept from the first row.
    assert water.history.count() == 1


def test_a_confirmed_file_is_not_imported_twice(demo, users):
    upload = store(users, set_file())
    set_file_confirm(upload=upload)
    with pytest.raises(ValidationError, match="đã được nhập"):
        set_file_confirm(upload=upload)


WATER_ROW = INDICATORS[1]


@pytest.mark.parametrize(
    ("sheets", "message"),
    [
        (
            {"indicators": [*INDICATORS, INDICATORS[0]]},
            "Sheet Chỉ tiêu, hàng 7, ô A7: mã 1.1 đã dùng ở hàng 4.",
        ),
        (
            {"thresholds": [[WATER, "general", "", "", ">=", None, "", ""]]},
            "Sheet Ngưỡng, hàng 4, ô F4: đã chọn phép so sánh nhưng chưa nhập giá trị ngưỡng.",
        ),
        (
            {"thresholds": [[WATER, "general", "", "", ">=", 120, "", ""]]},
            "Sheet Ngưỡng, hàng 4, ô F4: tỷ lệ phần trăm phải từ 0 đến 100.",
        ),
        (
            {"thresholds": [[WATER, "commune_group", "", 4, ">=", 50, "", ""]]},
            "Sheet Ngưỡng, hàng 4, ô D4: nhóm xã 4 không tồn tại: chỉ có nhóm 1, 2 và 3.",
        ),
        (
            {"indicators": [*INDICATORS, ["9.1", 9, "Chỉ tiêu thử", "boolean"]]},
            "Sheet Chỉ tiêu, hàng 7, ô B7: không có tiêu chí số 9 trong sheet Tiêu chí.",
        ),
        (
            {"criteria": [*CRITERIA, [2, "Trùng số (dữ liệu thử)", 1, "Nhóm thử I"]]},
            "Sheet Tiêu chí, hàng 7, ô A7: số tiêu chí 2 đã dùng ở hàng 5.",
        ),
    ],
)
def test_each_bad_row_is_refused_with_its_cell_and_nothing_is_written(demo, users, sheets, message):
    before = (CriteriaSet.objects.count(), Criterion.objects.count(), Indicator.objects.count())
    thresholds = Threshold.objects.count()
    upload = store(users, set_file(**sheets))
    preview = set_file_read(upload.file.open("rb").read())
    assert message in preview.messages
    with pytest.raises(ValidationError):
        set_file_confirm(upload=upload)
    after = (CriteriaSet.objects.count(), Criterion.objects.count(), Indicator.objects.count())
    assert after == before and Threshold.objects.count() == thresholds


def test_an_existing_code_is_refused_on_its_cell(demo, users):
    preview = set_file_read(set_file(fields={"code": QD318}))
    assert any(m.startswith("Sheet Bộ tiêu chí, hàng 4, ô B4:") for m in preview.messages)


def test_a_crosswalk_to_an_unknown_indicator_is_refused(demo, users):
    preview = set_file_read(set_file(crosswalks=[[QD318, "99.9", WATER, "có", ""]]))
    assert preview.messages == [
        "Sheet Đối chiếu, hàng 4, ô B4: bộ qd318-2021-2025 không có chỉ tiêu 99.9."
    ]


def test_a_threshold_for_an_unknown_indicator_is_refused(demo):
    rows = [*THRESHOLDS, ["7.7", "general", "", "", ">=", 5, "", ""]]
    preview = set_file_read(set_file(thresholds=rows))
    assert preview.messages == [
        "Sheet Ngưỡng, hàng 8, ô A8: không có chỉ tiêu 7.7 trong sheet Chỉ tiêu."
    ]


def test_a_workbook_without_the_set_sheets_is_refused(demo, users):
    import io

    from openpyxl import Workbook

    output = io.BytesIO()
    Workbook().save(output)
    with pytest.raises(RefusedWorkbook, match="không phải tệp bộ tiêu chí"):
        store(users, output.getvalue())


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bo.csv", b"a,b\n", "Chỉ tải lên được tệp Excel"),
        ("bo.xlsm", b"PK\x03\x04", "macro"),
        ("bo.xlsx", b"%PDF-1.7", "PDF"),
    ],
)
def test_hostile_files_are_refused_before_reading(demo, users, name, data, message):
    from criteria.models import SetUpload

    with pytest.raises(RefusedWorkbook, match=message):
        store(users, data, name=name)
    assert not SetUpload.objects.exists()
