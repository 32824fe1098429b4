"""Bad input through every form and upload-free POST, as a user would send it: no case
answers 500, none writes anything (the watched tables are re-read), and each says what is
wrong in Vietnamese.

Each case posts the data the page itself would post back (taken from the form the page
renders, once per page: the demo is the same in every test) with one or two values
replaced. Where a form holds several things, one of the others is changed validly too,
so that a partial save would show."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django import forms
from django.db import connection
from django.urls import reverse

from criteria.models import IndicatorRecord, MonthClosure
from criteria.services import month_close
from plans.models import (
    Commitment,
    LegalBasis,
    Milestone,
    Plan,
    ResourceAmount,
    ResourceItem,
    Task,
    TaskUpdate,
)
from reports.models import NARRATIVE_FIELDS, MonthlyReport
from submissions.models import Submission
from tests.criteria.helpers import resolve
from villages.models import Commune, HouseholdRecord, ResponsibleBody, Village

pytestmark = pytest.mark.usefixtures("in_march")

MARCH = datetime.date(2024, 3, 1)
WATCHED = [
    IndicatorRecord,
    MonthClosure,
    Submission,
    MonthlyReport,
    Plan,
    LegalBasis,
    Milestone,
    Task,
    TaskUpdate,
    Commitment,
    ResourceAmount,
    Village,
    HouseholdRecord,
    ResponsibleBody,
    Commune,
]

# Messages (Vietnamese, as the page shows them).
NUL = "không lưu được (NUL)"
TOO_LONG = "Giá trị này chỉ có tối đa"
NOT_DIGITS = "chỉ gồm chữ số"
TOO_LARGE = "Số quá lớn"
NEGATIVE = "không được âm"
WHOLE = "phải là số nguyên"
PLACES = "chữ số sau dấu phẩy"
DJANGO_NUMBER = "Nhập một số"
REQUIRED = "bắt buộc"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def long(limit: int) -> str:
    return "Nội dung " + "x" * limit


@dataclass(frozen=True)
class Page:
    user: str
    url: Callable[[], str]
    post_url: Callable[[], str] | None = None
    add: bool = False  # an admin add page posted with a change page's data


@dataclass(frozen=True)
class Case:
    page: str
    changes: dict[str, object]
    message: str
    setup: Callable[[], None] | None = field(default=None, compare=False)


def hop_loc() -> Village:
    return Village.objects.get(name="Hợp Lộc")


def body(name: str) -> ResponsibleBody:
    return ResponsibleBody.objects.get(name=name)


def task() -> Task:
    return Task.objects.filter(plan__year=2024).order_by("pk").first()


def admin_change(model: type, obj: Callable[[], object]) -> Callable[[], str]:
    meta = model._meta
    return lambda: reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj().pk])


def admin_add(model: type) -> Callable[[], str]:
    meta = model._meta
    return lambda: reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def close_march() -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="thuongtruc")
    month_close(commune=Commune.objects.get(name="Quang Trung"), month=MARCH, user=user)


def march_report() -> MonthlyReport:
    return MonthlyReport.objects.get_or_create(
        commune=Commune.objects.get(name="Quang Trung"), month=MARCH
    )[0]


def resource_item() -> str:
    return str(ResourceItem.objects.filter(plan__year=2024).order_by("pk").first().pk)


def submission_of(name: str) -> str:
    return reverse("submissions:submission", args=[MARCH, body(name).pk])


PAGES = {
    "village": Page(
        "thon.hoploc", lambda: reverse("criteria:village_month", args=[MARCH, hop_loc().pk])
    ),
    "indicator": Page(
        "thuongtruc", lambda: reverse("criteria:indicator_month", args=[MARCH, "10"])
    ),
    "indicator_ratio": Page(
        "thuongtruc", lambda: reverse("criteria:indicator_month", args=[MARCH, "2.3"])
    ),
    "narrative": Page(
        "thuongtruc",
        lambda: reverse("reports:monthly", args=[MARCH]),
        lambda: reverse("reports:monthly_narrative", args=[MARCH]),
    ),
    "submission": Page("hoinongdan", lambda: submission_of("Hội Nông dân xã")),
    "send_back": Page(
        "thuongtruc",
        lambda: submission_of("Hội Cựu chiến binh xã"),
        lambda: reverse("submissions:send_back", args=[MARCH, body("Hội Cựu chiến binh xã").pk]),
    ),
    "task_create": Page("thuongtruc", lambda: reverse("plans:task_create") + "?plan=2024"),
    "task_edit": Page("thuongtruc", lambda: reverse("plans:task_edit", args=[task().pk])),
    "progress": Page("thuongtruc", lambda: reverse("plans:task", args=[task().pk])),
    "commitment": Page("thuongtruc", lambda: reverse("plans:movements", args=[2024])),
    "resources": Page("thuongtruc", lambda: reverse("plans:resources", args=[2024])),
    "plan": Page("thuongtruc", lambda: reverse("plans:edit", args=[2024])),
    "reopen": Page(
        "thuongtruc",
        lambda: reverse("criteria:month", args=[MARCH]),
        lambda: reverse("criteria:month_reopen", args=[MARCH]),
    ),
    "admin_village": Page("admin", admin_change(Village, hop_loc)),
    "admin_village_add": Page(
        "admin", admin_change(Village, hop_loc), admin_add(Village), add=True
    ),
    "admin_body_add": Page(
        "admin",
        admin_change(ResponsibleBody, lambda: body("Hội Nông dân xã")),
        admin_add(ResponsibleBody),
        add=True,
    ),
    "admin_record": Page(
        "admin",
        admin_change(
            IndicatorRecord, lambda: IndicatorRecord.objects.filter(indicator__code="10").first()
        ),
    ),
    "admin_ratio_record": Page(
        "admin",
        admin_change(
            IndicatorRecord,
            lambda: IndicatorRecord.objects.filter(
                indicator__code="17.1", village__isnull=False
            ).first(),
        ),
    ),
    "admin_submission": Page("admin", admin_change(Submission, lambda: Submission.objects.first())),
    "admin_report": Page("admin", admin_change(MonthlyReport, lambda: march_report())),
    "admin_task": Page("admin", admin_change(Task, task)),
    "admin_plan": Page("admin", admin_change(Plan, lambda: Plan.objects.get(year=2024))),
    "admin_commune": Page("admin", admin_change(Commune, lambda: Commune.objects.first())),
}

FIGURE = "17.1:Hợp Lộc:numerator"
OTHER = {"17.8:Hợp Lộc:numerator": "1"}  # a valid change beside the bad one
VALUE = "10::value"
COMMUNE_NOTE = {"10::work_done": "Đã rà soát"}

CASES = [
    # The village form: figures of every kind of bad, beside a valid change.
    *[
        Case("village", {FIGURE: bad, **OTHER}, message)
        for bad, message in [
            ("1e20", NOT_DIGITS),
            ("1e3", NOT_DIGITS),
            ("1E3", NOT_DIGITS),
            ("100.000.000.000", TOO_LARGE),
            ("１２３４５６７８９０１２", TOO_LARGE),
            ("-1", NEGATIVE),
            ("40,5", WHOLE),
            ("NaN", NOT_DIGITS),
            ("Infinity", NOT_DIGITS),
            ("1_000", NOT_DIGITS),
            ("abc", NOT_DIGITS),
            ("0x10", NOT_DIGITS),
            ("٣٤", NOT_DIGITS),
            ("4\x000", NUL),
            ("9" * 40, TOO_LONG),
            ("1.2.3,4,5", NOT_DIGITS),
        ]
    ],
    Case(
        "village",
        {"17.1:Hợp Lộc:denominator": "300", "17.1:Hợp Lộc:denominator_note": long(300), **OTHER},
        TOO_LONG,
    ),
    Case(
        "village",
        {"17.1:Hợp Lộc:denominator": "300", "17.1:Hợp Lộc:denominator_note": "Lý do\x00", **OTHER},
        NUL,
    ),
    # The indicator page: a figure with a unit and the month's notes.
    *[
        Case("indicator", {VALUE: bad, **COMMUNE_NOTE}, message)
        for bad, message in [
            ("1e20", NOT_DIGITS),
            ("100.000.000.000", TOO_LARGE),
            ("1.000.000.001", TOO_LARGE),
            ("52,3456", PLACES),
            ("52,3\x00", NUL),
        ]
    ],
    *[
        Case("indicator", {f"10::{name}": bad, VALUE: "53"}, message)
        for name in ["evidence", "work_done", "difficulties", "proposals"]
        for bad, message in [(long(4000), TOO_LONG), ("Ghi chú\x00", NUL)]
    ],
    Case(
        "indicator_ratio",
        {
            "2.3:Hợp Lộc:numerator": "100.000.001",
            "2.3:Hợp Lộc:denominator": "100.000.002",
            **{"2.3::work_done": "x"},
        },
        TOO_LARGE,
    ),
    Case("indicator_ratio", {"2.3:Hợp Lộc:numerator": "1,125", "2.3::work_done": "x"}, PLACES),
    # The monthly report's narrative.
    *[
        Case(
            "narrative",
            {name: long(20000), "leadership" if name != "leadership" else "proposals": "Sửa"},
            TOO_LONG,
        )
        for name in NARRATIVE_FIELDS
    ],
    Case("narrative", {"assessment": "Đánh giá\x00", "leadership": "Sửa"}, NUL),
    # A body's monthly report, and sending one back.
    Case("submission", {"results": long(4000), "indicators_confirmed": "on"}, TOO_LONG),
    Case("submission", {"results": "Kết quả\x00", "indicators_confirmed": "on"}, NUL),
    Case(
        "submission",
        {"results": "Kết quả", "difficulties": long(4000), "indicators_confirmed": "on"},
        TOO_LONG,
    ),
    Case(
        "submission",
        {"results": "Kết quả", "proposals": "Đề xuất\x00", "indicators_confirmed": "on"},
        NUL,
    ),
    Case(
        "submission", {"results": "\x0b\x1b\x07", "indicators_confirmed": "on"}, "Hãy nhập kết quả"
    ),
    Case("send_back", {"note": "Sửa lại\x00"}, NUL),
    Case("send_back", {"note": long(4000)}, TOO_LONG),
    # Tasks, progress, commitments, resources, the plan.
    Case("task_create", {"title": long(300), "lead_body": "", "deadline": "31/12/2024"}, TOO_LONG),
    Case("task_create", {"title": "Nhiệm vụ\x00"}, NUL),
    Case("task_create", {"title": "Nhiệm vụ", "description": long(4000)}, TOO_LONG),
    Case("task_edit", {"title": "Nhiệm vụ\x00"}, NUL),
    Case("task_edit", {"description": long(4000)}, TOO_LONG),
    Case("progress", {"progress": "50", "state": "in_progress", "note": long(10000)}, TOO_LONG),
    Case("progress", {"progress": "50", "state": "in_progress", "note": "Đã làm\x00"}, NUL),
    Case("progress", {"progress": "1e2", "state": "in_progress", "note": "Đã làm"}, DJANGO_NUMBER),
    Case("progress", {"progress": "150", "state": "in_progress", "note": "Đã làm"}, "từ 0 đến 100"),
    Case("commitment", {"items": "Cam kết\x00", "signed_on": "01/03/2024"}, NUL),
    Case("commitment", {"items": long(4000), "signed_on": "01/03/2024"}, TOO_LONG),
    Case(
        "resources",
        {"item": resource_item, "source": "central", "planned": "1e30", "actual": "0"},
        DJANGO_NUMBER,
    ),
    Case(
        "resources",
        {"item": resource_item, "source": "central", "planned": "-5", "actual": "0"},
        "không được âm",
    ),
    Case(
        "resources",
        {
            "item": resource_item,
            "source": "central",
            "planned": "100.000.000.000.000.000",
            "actual": "0",
        },
        "không có nhiều hơn 16 chữ số",
    ),
    Case("plan", {"preamble": long(10000), "title": "Kế hoạch sửa"}, TOO_LONG),
    Case("plan", {"title": "Kế hoạch\x00"}, NUL),
    Case("plan", {"recipients": long(2000), "title": "Kế hoạch sửa"}, TOO_LONG),
    Case("plan", {"milestones-0-description": long(2000), "title": "Kế hoạch sửa"}, TOO_LONG),
    # Reopening a closed month.
    Case("reopen", {"reason": "Lý do\x00"}, NUL, setup=close_march),
    Case("reopen", {"reason": long(500)}, TOO_LONG, setup=close_march),
    Case("reopen", {"reason": "\x0b\x1b"}, "hãy ghi lý do", setup=close_march),
    # The admin's add and change forms of the main models.
    Case("admin_village_add", {"name": nfd("Hợp Lộc"), "position": "9"}, "Đã có thôn mang tên này"),
    Case("admin_village_add", {"name": "HỢP LỘC", "position": "9"}, "Đã có thôn mang tên này"),
    Case("admin_village", {"name": "Hợp Lộc\x00"}, NUL),
    Case("admin_village", {"name": long(100)}, TOO_LONG),
    Case("admin_body_add", {"name": nfd("hội nông dân xã"), "position": "9"}, "Đã có cơ quan"),
    Case("admin_record", {"value": "1e20"}, "Đảm bảo"),
    Case("admin_record", {"value": "1000000001"}, "Đảm bảo"),
    Case("admin_record", {"evidence": "Minh chứng\x00"}, NUL),
    Case("admin_ratio_record", {"numerator": "100000001", "denominator": "100000001"}, "Đảm bảo"),
    Case("admin_submission", {"results": long(4000)}, TOO_LONG),
    Case("admin_report", {"leadership": long(20000)}, TOO_LONG, setup=march_report),
    Case("admin_task", {"title": "Nhiệm vụ\x00"}, NUL),
    Case("admin_plan", {"preamble": long(10000)}, TOO_LONG),
    Case("admin_commune", {"recipients": long(2000)}, TOO_LONG),
]


def snapshot() -> dict[str, list[str]]:
    """Every row of the watched tables as the database holds it (read in SQL: building
    values_list's converted rows was a quarter of the corpus's time)."""
    out = {}
    with connection.cursor() as cursor:
        for model in WATCHED:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")
            out[model.__name__] = sorted(map(repr, cursor.fetchall()))
    return out


def form_values(form: forms.BaseForm) -> dict[str, object]:
    """What a browser posts back for a rendered form: every field's shown value."""
    data: dict[str, object] = {}
    for bound in form:
        value = bound.field.prepare_value(bound.value())
        widget = bound.field.widget
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(bound.field, forms.MultiValueField):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, part in enumerate(parts):
                shown = widget.widgets[index].format_value(part)
                data[f"{bound.html_name}_{index}"] = shown or ""
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is None:
            data[bound.html_name] = ""
        else:
            shown = getattr(widget, "widget", widget).format_value(value)
            if isinstance(shown, list):  # a select: the chosen option
                shown = shown[0] if shown else ""
            data[bound.html_name] = "" if shown is None else str(shown)
    return data


def page_forms(context, add: bool) -> tuple[list[forms.BaseForm], dict[str, object]]:
    """The forms of a page, and the management data of its formsets."""
    if "adminform" in context:
        found, management = [context["adminform"].form], {}
        for inline in context["inline_admin_formsets"]:
            formset = inline.formset
            if add:  # a new object starts without related rows
                prefix = formset.prefix
                management |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
            else:
                management |= form_values(formset.management_form)
                found += list(formset.forms)
        return found, management
    if context.get("send_back_form"):
        found = [context["send_back_form"]]
    elif context.get("form") is not None:
        found = [context["form"]]
    else:
        found = [context["reopen_form"]]
    management: dict[str, object] = {}
    for formset in context.get("formsets", []):
        management |= form_values(formset.management_form)
        found += list(formset.forms)
    return found, management


_PAGE_DATA: dict[str, tuple[dict[str, object], list[forms.BaseForm]]] = {}


def initial_data(client, name: str, page: Page) -> tuple[dict[str, object], list]:
    if name not in _PAGE_DATA:
        response = client.get(page.url())
        assert response.status_code == 200, name
        found, data = page_forms(response.context, page.add)
        for form in found:
            data |= form_values(form)
        data.pop("csrfmiddlewaretoken", None)
        _PAGE_DATA[name] = (data, found)
    data, found = _PAGE_DATA[name]
    return dict(data), found


def html_name(found: list, key: str) -> str:
    if ":" in key:
        return resolve(found[0], key)
    return key


@pytest.mark.parametrize("case", CASES, ids=[f"{i:02d}-{c.page}" for i, c in enumerate(CASES)])
def test_bad_input_is_refused_whole_in_vietnamese(login, case):
    page = PAGES[case.page]
    client = login(page.user)
    if case.setup:
        case.setup()
    data, found = initial_data(client, case.page, page)
    for key, value in case.changes.items():
        data[html_name(found, key)] = value() if callable(value) else value
    before = snapshot()
    response = client.post((page.post_url or page.url)(), data, follow=True)
    assert response.status_code in (200, 400, 409), response.status_code
    assert case.message in response.content.decode(), (
        [str(e) for e in response.context.get("form").errors.values()]
        if response.context and response.context.get("form")
        else ""
    )
    assert snapshot() == before


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 60
    assert {case.page for case in CASES} == set(PAGES)
