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
from villages.signing import signing_lines

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
        "signing_lines": signing_lines(commune.signing_authority, commune.signer_title),
    }


def assessed_by(status: CommuneStatus) -> Data | None:
    """The set the period was assessed by, as documents print it (criteria.sets)."""
    found = status.assessed_by
    if found is None:
        return None
    criteria_set = found.criteria_set
    text = f"Đánh giá theo {criteria_set.title} (QĐ {criteria_set.decision_ref})"
    if found.expired and criteria_set.valid_to:
        text += (
            f"; bộ tiêu chí này áp dụng đến ngày {criteria_set.valid_to:%d/%m/%Y}, "
            "chưa có bộ tiêu chí mới được ban hành áp dụng cho kỳ này"
        )
    return {
        "title": criteria_set.title,
        "decision_ref": criteria_set.decision_ref,
        "expired": found.expired,
        "text": text,
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
        "decimals": decimals_for(indicator.unit),
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
    item["shortfall"] = wording.shortfall(item, result.threshold)
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


VILLAGE_TABLE_COLUMNS = 8


def _village_tables(criteria: list[Data]) -> list[Data]:
    """The per-village indicators as village × indicator tables of shares (at most
    VILLAGE_TABLE_COLUMNS indicators each), for the appendix: one page instead of one
    table per indicator."""
    indicators = [i for c in criteria for i in c["indicators"] if i["villages"]]
    tables = []
    for start in range(0, len(indicators), VILLAGE_TABLE_COLUMNS):
        chunk = indicators[start : start + VILLAGE_TABLE_COLUMNS]
        rows = [
            {"name": village["name"], "cells": [i["villages"][n]["percent"] for i in chunk]}
            for n, village in enumerate(chunk[0]["villages"])
        ]
        tables.append(
            {
                "indicators": [{"code": i["code"], "name": i["name"]} for i in chunk],
                "rows": rows,
                "total": [i["percent"] for i in chunk],
            }
        )
    return tables


def _plan_reference(plan: Plan | None, commune: Commune) -> Data | None:
    """The plan as a sentence cites it: "Kế hoạch số 12/KH-UBND ngày 30/01/2024 của Ủy ban
    nhân dân xã Quang Trung", or "" when its number is not known (never a placeholder)."""
    if plan is None:
        return None
    number = wording.known_number(plan.number)
    reference = ""
    if number:
        issuer = f"{plan.issuing_body.strip().capitalize()} xã {commune.name}"
        day = f" ngày {plan.date:%d/%m/%Y}" if plan.date else ""
        reference = f"Kế hoạch số {number}{day} của {issuer}"
    return {"year": plan.year, "number": number, "title": plan.title, "reference": reference}


def _has_sample(status: CommuneStatus, data: Data, plan: Plan | None) -> bool:
    """Whether any figure or text the document prints is demo data (then every page is
    watermarked "DỮ LIỆU MẪU")."""
    if plan is not None and plan.is_sample:
        return True
    if any(row.get("is_sample") for row in data.get("submissions", [])):
        return True
    for criterion in status.criteria:
        for result in criterion.indicators:
            if result.threshold is not None and result.threshold.is_sample:
                return True
            if any(record.is_sample for record in result.records):
                return True
    return False


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
                "submitted_on": (
                    timezone.localtime(submission.first_submitted_at).date().isoformat()
                    if submission
                    else ""
                ),
                "is_sample": bool(submission and submission.is_sample),
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
        "subject": wording.keep_last_words(
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
        "criteria_set": assessed_by(status),
        "summary": {
            "met": status.met_count,
            "not_met": status.not_met_count,
            "unknown": status.unknown_count,
            "total": status.total,
        },
        "criteria": _criteria(status, villages),
        "villages": [name for _pk, name in villages],
        "plan": _plan_reference(plan, commune),
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
    data["village_tables"] = _village_tables(data["criteria"])
    data["is_sample"] = _has_sample(status, data, plan)
    data["met_criteria_text"] = wording.join(
        [f"số {c['number']} về {c['name']}" for c in data["criteria"] if c["status"] == "met"]
    )
    issued = f" ngày {report_date:%d/%m/%Y} của {data['commune']['issuer']}"
    data["appendix_reference"] = (
        f"Kèm theo Báo cáo số {document_reference}{issued}"
        if document_reference
        else f"Kèm theo Báo cáo{issued}"
    )
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
        "subject": wording.keep_last_words(
            f"Thực hiện Chương trình MTQG xây dựng nông thôn mới năm {year}"
        ),
        "quarter_subject": f"Tiến độ thực hiện quý {quarter} năm {year}",
        "has_plan": plan is not None,
        "number_line": wording.number_line(None, commune.plan_number_suffix),
        "date_line": "",
        "quarter_text": f"từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}",
    }
    status = commune_status(commune, status_month)
    data["criteria_set"] = assessed_by(status)
    data["status_month_text"] = f"{wording.month_text(status_month.month)}/{status_month.year}"
    data["summary"] = {
        "met": status.met_count,
        "not_met": status.not_met_count,
        "unknown": status.unknown_count,
        "total": status.total,
    }
    villages = list(commune.villages.order_by("position", "name").values_list("pk", "name"))
    data["criteria"] = _criteria(status, villages)
    data["unmet_numbers_text"] = wording.join(
        [f"tiêu chí số {c['number']}" for c in data["criteria"] if c["status"] == "not_met"]
    )
    data["is_sample"] = _has_sample(status, data, plan)
    if plan is None:
        data.update(
            legal_bases=[],
            purposes=[],
            requirements=[],
            criteria_tasks=[],
            solutions=[],
            organisation=[],
            implementation_intro="",
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
    number = wording.known_number(plan.number)
    suffix = plan.number.partition("/")[2].strip() or commune.plan_number_suffix
    data["number_line"] = wording.number_line(number, suffix)
    if plan.date:
        data["date_line"] = wording.date_line(commune.name, plan.date)
    notes = {}
    for update in TaskUpdate.objects.filter(task__plan=plan, created_at__date__lte=last).order_by(
        "created_at", "pk"
    ):
        notes[update.task_id] = update.note
    tasks = list(plan.tasks.all())
    # Due in the quarter, scheduled in it, or scheduled in no quarter at all and still
    # running (a task "trong năm 2024" is carried out in every quarter until it is done).
    in_quarter = [
        task
        for task in tasks
        if quarter in task.quarters
        or first <= task.deadline <= last
        or (not task.quarters and task.deadline >= first)
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
        solutions=_sections(document.sections, SOLUTIONS, notes),
        organisation=_sections(document.sections, ORGANISATION, notes),
        implementation_intro=plan.implementation_intro,
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
    data["commune"]["signing_lines"] = signing_lines(
        data["commune"]["signing_authority"], data["commune"]["signer_title"]
    )
    return data


# The plan's parts as the signed text orders them: II.2 the solutions, III the bodies'
# duties in carrying it out.
SOLUTIONS = (Section.COMMUNICATION, Section.MANAGEMENT, Section.EMULATION)
ORGANISATION = (
    Section.DIRECTION,
    Section.PEOPLES_COMMITTEE,
    Section.FRONT,
    Section.VILLAGES,
    Section.SCHOOL_HEALTH,
    Section.OTHER,
)


def _sections(
    sections: dict[str, list[Task]], which: tuple[Section, ...], notes: dict[int, str]
) -> list[Data]:
    return [
        {
            "section": section.value,
            "label": wording.SECTION.get(section.value, str(section.label)),
            "tasks": [_task(t, notes.get(t.pk, "")) for t in sections[section.value]],
        }
        for section in which
        if sections[section.value]
    ]
