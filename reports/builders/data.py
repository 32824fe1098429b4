"""The documents' data: one JSON-serialisable dict per document, read in a fixed number of
queries (the report builders' query count is pinned in the tests at two data sizes).

Everything a document prints is in the dict, already worded: the renderers only lay it
out, and a sent version's snapshot is enough to rebuild what was sent."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from criteria.models import IndicatorKind
from criteria.numbers import (
    NO_VALUE,
    decimals_for,
    format_number,
    format_percent,
    ratio,
)
from criteria.periods import add_months, current_month, month_slug
from criteria.selectors import commune_status
from criteria.status import CommuneStatus, IndicatorResult, Status
from plans.models import Movement, Plan, Section, Task, TaskState, TaskUpdate, quarter_bounds
from plans.selectors import plan_document, plan_for_year, resource_totals
from reports.builders import wording
from submissions.selectors import submissions_overview
from villages.models import BodyKind, Commune

Data = dict[str, Any]
ONE_DAY = datetime.timedelta(days=1)


def _commune(commune: Commune) -> Data:
    return {
        "name": commune.name,
        "full_name": commune.full_name,
        # "Ủy ban nhân dân xã Quang Trung", as a sentence names the issuer.
        "issuer": f"{commune.issuing_body.strip().capitalize()} xã {commune.name}",
        "province": commune.province.name,
        "district": commune.district,
        "issuing_body": commune.issuing_body,
        "superior_body": commune.superior_body,
        "recipients": wording.recipients(commune.recipient_list),
        "signing_authority": commune.signing_authority,
        "signer_title": commune.signer_title,
        "signer_name": commune.signer_name,
    }


def _requirement(result: IndicatorResult) -> str:
    if result.indicator.kind == IndicatorKind.BOOLEAN:
        return "Đạt"
    if result.threshold is None:
        return "Chưa cấu hình"
    comparator = wording.COMPARATOR.get(result.threshold.comparator, result.threshold.comparator)
    return f"{comparator} {result.threshold.display_value}"


def _count(value: Decimal | None) -> str:
    """A numerator or denominator as entered, grouped: "1.805", "12,4"."""
    return format_number(value, empty=NO_VALUE)


def _shares(numerator: Decimal | None, denominator: Decimal | None) -> Data:
    """The same percentage for every output: the number the XLSX writes and the text
    the PDF prints."""
    percent = ratio(numerator, denominator)
    return {"percent_value": wording.plain(percent), "percent": format_percent(percent)}


def _result_text(result: IndicatorResult) -> str:
    indicator = result.indicator
    if indicator.kind == IndicatorKind.BOOLEAN:
        return wording.STATUS[result.status] if result.status != Status.UNKNOWN else NO_VALUE
    if result.value is None or indicator.kind != IndicatorKind.RATIO:
        return indicator.format_value(result.value)
    return (
        f"{indicator.format_value(result.value)} "
        f"({_count(result.numerator)}/{_count(result.denominator)})"
    )


def _notes(result: IndicatorResult, name: str) -> list[str]:
    seen: list[str] = []
    for record in result.records:
        text = getattr(record, name, "").strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def _indicator(result: IndicatorResult, villages: list[tuple[int, str]]) -> Data:
    indicator = result.indicator
    item: Data = {
        "code": indicator.code,
        "name": indicator.name,
        "kind": indicator.kind,
        "per_village": indicator.per_village,
        "requirement": _requirement(result),
        "result": _result_text(result),
        "numerator": wording.plain(result.numerator),
        "denominator": wording.plain(result.denominator),
        "numerator_text": _count(result.numerator),
        "denominator_text": _count(result.denominator),
        **_shares(result.numerator, result.denominator),
        "value": wording.plain(result.value),
        "status": str(result.status),
        "status_label": wording.STATUS[result.status],
        "reason": result.reason,
        "lead_body": result.lead_body.label if result.lead_body else "",
        "work_done": _notes(result, "work_done"),
        "difficulties": _notes(result, "difficulties"),
        "proposals": _notes(result, "proposals"),
        "villages": [],
    }
    if indicator.per_village and indicator.kind == IndicatorKind.RATIO:
        by_village = {record.village_id: record for record in result.records}
        for village_id, name in villages:
            record = by_village.get(village_id)
            numerator = record.numerator if record else None
            denominator = record.denominator if record else None
            item["villages"].append(
                {
                    "name": name,
                    "numerator": wording.plain(numerator),
                    "denominator": wording.plain(denominator),
                    "numerator_text": _count(numerator),
                    "denominator_text": _count(denominator),
                    **_shares(numerator, denominator),
                }
            )
    return item


def _criteria(status: CommuneStatus, villages: list[tuple[int, str]]) -> list[Data]:
    items = []
    for criterion_result in status.criteria:
        criterion = criterion_result.criterion
        indicators = [_indicator(result, villages) for result in criterion_result.indicators]
        leads = []
        for indicator in indicators:
            if indicator["lead_body"] and indicator["lead_body"] not in leads:
                leads.append(indicator["lead_body"])
        group = criterion.group
        items.append(
            {
                "number": criterion.number,
                "name": criterion.name,
                "group": f"{group.roman_number}. {group.name}" if group else "",
                "status": str(criterion_result.status),
                "status_label": wording.STATUS[criterion_result.status],
                "lead_bodies": leads,
                "indicators": indicators,
            }
        )
    return items


def _resources(plan: Plan | None) -> list[Data]:
    if plan is None:
        return []
    rows = []
    for total in resource_totals(plan=plan):
        source = total.source.value
        unit = wording.UNIT.get(source, wording.MONEY_UNIT)
        decimals = decimals_for(unit)
        rows.append(
            {
                "source": source,
                "label": wording.SOURCE.get(source, str(total.source.label)),
                "unit": unit,
                "planned": wording.plain(total.planned),
                "actual": wording.plain(total.actual),
                "planned_text": format_number(total.planned, decimals, empty=NO_VALUE),
                "actual_text": format_number(total.actual, decimals, empty=NO_VALUE),
                **_shares(total.actual, total.planned),
            }
        )
    return rows


def _task(task: Task, latest_note: str = "") -> Data:
    return {
        "title": task.title,
        "paragraphs": task.paragraphs,
        "section": task.section,
        "criterion": task.criterion.number if task.criterion_id else None,
        "indicator": task.indicator.code if task.indicator_id else "",
        "lead_body": task.lead_body.label if task.lead_body_id else "",
        "deadline": task.deadline.isoformat(),
        "deadline_text": f"{task.deadline:%d/%m/%Y}",
        "quarters": task.quarters,
        "state": task.state,
        "state_label": wording.TASK_STATE.get(task.state, task.state),
        "progress": wording.plain(task.progress),
        "progress_text": format_percent(task.progress),
        "note": latest_note,
    }


def _plan_tasks(plan: Plan | None) -> list[Task]:
    if plan is None:
        return []
    return list(
        Task.objects.filter(plan=plan)
        .select_related("criterion", "indicator", "lead_body")
        .order_by("deadline", "position", "pk")
    )


def _submissions(commune: Commune, month: datetime.date) -> list[Data]:
    rows = []
    for row in submissions_overview(commune, month).rows:
        submission = row.submission
        rows.append(
            {
                "body": row.body.name,
                "is_village": row.body.kind == BodyKind.VILLAGE,
                "state": row.state.value,
                "state_label": wording.SUBMISSION_STATE[row.state.value],
                "submitted_at": (
                    f"{timezone.localtime(submission.first_submitted_at):%d/%m/%Y}"
                    if submission
                    else ""
                ),
                "results": submission.results if submission else "",
                "difficulties": submission.difficulties if submission else "",
                "proposals": submission.proposals if submission else "",
            }
        )
    return rows


def monthly_report_data(
    commune: Commune,
    month: datetime.date,
    *,
    narrative: dict[str, str] | None = None,
    document_reference: str | None = None,
) -> Data:
    """The monthly commune report for `month`: 12 queries, whatever the history's length
    or the number of villages. `narrative` holds the standing member's texts (a blank one
    is replaced by the pre-filled text); `document_reference` ("25/BC-UBND") is given when
    the report is sent, otherwise the number is left blank."""
    status = commune_status(commune, month)
    villages = list(commune.villages.order_by("position", "name").values_list("pk", "name"))
    report_date = commune.due_date(month)
    cutoff = commune.cutoff_date(month)
    plan = plan_for_year(commune=commune, year=month.year)
    next_month = add_months(month, 1)
    tasks = _plan_tasks(plan)
    movements = (
        list(Movement.objects.filter(plan=plan).values_list("name", flat=True)) if plan else []
    )
    data: Data = {
        "kind": "monthly",
        "commune": _commune(commune),
        "month": month_slug(month),
        "month_number": month.month,
        "year": month.year,
        "title": "BÁO CÁO",
        "subject": (
            "Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới "
            f"tháng {month.month} năm {month.year}"
        ),
        "document_reference": document_reference,
        "number_line": wording.number_line(document_reference, commune.report_number_suffix),
        "report_date": report_date.isoformat(),
        "date_line": wording.date_line(commune.name, report_date),
        "period_text": (
            f"từ ngày {commune.cutoff_date(add_months(month, -1)) + ONE_DAY:%d/%m/%Y} "
            f"đến ngày {cutoff:%d/%m/%Y}"
        ),
        "cutoff_text": f"{cutoff:%d/%m/%Y}",
        "has_data": status.has_data,
        "summary": {
            "met": status.met_count,
            "not_met": status.not_met_count,
            "unknown": status.unknown_count,
            "total": status.total,
        },
        "criteria": _criteria(status, villages),
        "villages": [name for _pk, name in villages],
        "plan": ({"year": plan.year, "number": plan.number, "title": plan.title} if plan else None),
        "resources": _resources(plan),
        "tasks": [_task(task) for task in tasks],
        "next_month_tasks": [
            _task(task)
            for task in tasks
            if task.deadline < add_months(next_month, 1) and task.state != TaskState.DONE
        ],
        "movements": movements,
        "submissions": _submissions(commune, month),
    }
    prefilled = wording.prefilled_narrative(data)
    given = narrative or {}
    data["narrative"] = {
        name: (given.get(name) or "").strip() or text for name, text in prefilled.items()
    }
    return data


def quarterly_report_data(commune: Commune, year: int, quarter: int) -> Data:
    """The annual plan with the quarter's section: milestones, the tasks due or scheduled
    in the quarter with their state and progress, criteria met at the quarter's end and
    resources (a fixed number of queries). A year without a plan says so."""
    first, last = quarter_bounds(year, quarter)
    status_month = min(last.replace(day=1), current_month())
    plan = plan_for_year(commune=commune, year=year)
    data: Data = {
        "kind": "quarterly",
        "commune": _commune(commune),
        "year": year,
        "quarter": quarter,
        "period": f"{year}-Q{quarter}",
        "title": "KẾ HOẠCH",
        "subject": f"Thực hiện Chương trình MTQG xây dựng nông thôn mới năm {year}",
        "quarter_subject": f"Tiến độ thực hiện quý {quarter} năm {year}",
        "has_plan": plan is not None,
        "number_line": wording.number_line(None, commune.plan_number_suffix),
        "date_line": "",
        "quarter_text": f"từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}",
    }
    status = commune_status(commune, status_month)
    data["status_month_text"] = f"{wording.month_text(status_month.month)}/{status_month.year}"
    data["summary"] = {
        "met": status.met_count,
        "not_met": status.not_met_count,
        "unknown": status.unknown_count,
        "total": status.total,
    }
    data["criteria"] = _criteria(status, [])
    if plan is None:
        data.update(
            legal_bases=[],
            purposes=[],
            requirements=[],
            criteria_tasks=[],
            solutions=[],
            milestones=[],
            quarter_milestone="",
            quarter_tasks=[],
            resources=[],
            recipients=wording.recipients(commune.recipient_list),
            plan=None,
            met_criteria=[],
            unmet_criteria=[],
        )
        return data
    document = plan_document(plan)
    plan = document.plan
    if plan.number:
        data["number_line"] = f"Số: {plan.number}"
    if plan.date:
        data["date_line"] = wording.date_line(commune.name, plan.date)
    notes = {}
    for update in TaskUpdate.objects.filter(task__plan=plan, created_at__date__lte=last).order_by(
        "created_at", "pk"
    ):
        notes[update.task_id] = update.note
    tasks = list(plan.tasks.all())
    in_quarter = [
        task for task in tasks if quarter in task.quarters or first <= task.deadline <= last
    ]
    milestones = {m.quarter: m.description for m in plan.milestones.all()}
    data.update(
        plan={
            "year": plan.year,
            "number": plan.number,
            "title": plan.title,
            "is_sample": plan.is_sample,
            "preamble": plan.preamble,
            "review_met": plan.review_met,
            "review_total": plan.review_total,
            "review_note": plan.review_note,
            "closing": plan.closing,
        },
        subject=plan.title,
        legal_bases=[
            f"{b.kind} số {b.number} ngày {b.date:%d/%m/%Y} của {b.issuer}"
            + (f" {b.title}" if b.title else "")
            for b in plan.legal_bases.all()
        ],
        purposes=plan.purpose_list,
        requirements=plan.requirement_list,
        met_criteria=[f"Tiêu chí số {c.number} về {c.name}" for c in document.met_criteria],
        unmet_criteria=[f"Tiêu chí số {c.number} về {c.name}" for c in plan.unmet_criteria.all()],
        criteria_tasks=[
            {
                "criterion": (
                    f"Tiêu chí số {group.criterion.number} về {group.criterion.name}"
                    if group.criterion
                    else ""
                ),
                "tasks": [_task(task, notes.get(task.pk, "")) for task in group.tasks],
            }
            for group in document.criteria_tasks
        ],
        solutions=[
            {
                "label": wording.SECTION.get(section.value, str(section.label)),
                "tasks": [_task(t, notes.get(t.pk, "")) for t in document.sections[section.value]],
            }
            for section in Section
            if section != Section.CRITERIA and document.sections[section.value]
        ],
        milestones=[{"quarter": q, "description": d} for q, d in sorted(milestones.items())],
        quarter_milestone=milestones.get(quarter, ""),
        quarter_tasks=[_task(task, notes.get(task.pk, "")) for task in in_quarter],
        resources=_resources(plan),
        recipients=wording.recipients(plan.recipient_list or commune.recipient_list),
    )
    data["commune"].update(
        issuing_body=plan.issuing_body or commune.issuing_body,
        signing_authority=plan.signing_authority or commune.signing_authority,
        signer_title=plan.signer_title or commune.signer_title,
        signer_name=plan.signer_name or commune.signer_name,
    )
    return data
