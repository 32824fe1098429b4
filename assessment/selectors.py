"""The annual self-assessment (tự đánh giá): every indicator of the set in force, its
latest figure, met or not, its evidence count and the lead body's assessment and
comment, as a JSON-serialisable snapshot the page and the three documents print.

Its own app, on top of the house: a document (so above `reports/`, whose header, number,
signature and builders it reuses) that counts evidence files (so above `evidence/`,
which itself imports `reports/`). Putting it in `reports/` would make reports and
evidence import each other. Nothing imports it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone

from criteria.numbers import NO_VALUE
from criteria.periods import current_month
from criteria.selectors import commune_status
from criteria.status import Status
from evidence.models import Evidence
from reports.builders import wording
from reports.builders.data import _commune, _requirement, assessed_by
from submissions.models import Submission
from villages.models import Commune

Data = dict[str, Any]
STATUS_TEXT = {Status.MET: "Đạt", Status.NOT_MET: "Chưa đạt", Status.UNKNOWN: "Chưa xác định"}


def assessment_month(year: int, today_month: datetime.date | None = None) -> datetime.date:
    """December for a year that has ended, the current month for the year under way (on
    demand)."""
    today_month = today_month or current_month()
    return min(datetime.date(year, 12, 1), today_month)


def _lead_assessments(lead_ids: set[int], month: datetime.date) -> dict[int, str]:
    """Each lead body's newest monthly report up to `month`: whether it confirmed the
    figures of the indicators it answers for (1 query)."""
    newest: dict[int, Submission] = {}
    for submission in Submission.objects.filter(body_id__in=lead_ids, month__lte=month).order_by(
        "body_id", "-month"
    ):
        newest.setdefault(submission.body_id, submission)
    out = {}
    for body_id, submission in newest.items():
        when = f"{wording.month_text(submission.month.month)}/{submission.month.year}"
        if submission.sent_back:
            out[body_id] = f"Báo cáo tháng {when} bị trả lại, chưa xác nhận số liệu"
        elif submission.indicators_confirmed:
            out[body_id] = f"Đã xác nhận số liệu (báo cáo tháng {when})"
        else:
            out[body_id] = f"Chưa xác nhận số liệu (báo cáo tháng {when})"
    return out


def _comment(result: Any) -> str:
    """The lead body's comment on the figure: the notes of its newest records (work done,
    difficulties), as entered with the figure."""
    notes = []
    for record in sorted(result.records, key=lambda r: r.month, reverse=True):
        for text in (record.work_done, record.difficulties):
            text = (text or "").strip()
            if text and text not in notes:
                notes.append(text)
    return " ".join(notes[:2])


def self_assessment_data(commune: Commune, year: int) -> Data:
    """The self-assessment of `year` as of its last month so far (7 queries: the status's
    5, evidence counts, the lead bodies' reports)."""
    month = assessment_month(year)
    status = commune_status(commune, month)
    results = [r for c in status.criteria for r in c.indicators]
    evidence = dict(
        Evidence.objects.active()
        .filter(commune=commune, indicator__in=[r.indicator.pk for r in results], month__lte=month)
        .order_by()
        .values("indicator")
        .annotate(count=Count("pk"))
        .values_list("indicator", "count")
    )
    leads = {r.lead_body.pk for r in results if r.lead_body}
    assessments = _lead_assessments(leads, month)
    day = timezone.localdate()
    day = min(day, datetime.date(year, 12, 31))
    criteria = []
    is_sample = False
    for criterion_result in status.criteria:
        rows = []
        for result in criterion_result.indicators:
            is_sample = is_sample or any(r.is_sample for r in result.records)
            is_sample = is_sample or bool(result.threshold and result.threshold.is_sample)
            figure = result.display_value
            if result.latest_month and figure != NO_VALUE:
                latest = result.latest_month
                figure += f" (tháng {wording.month_text(latest.month)}/{latest.year})"
            lead = result.lead_body
            rows.append(
                {
                    "code": result.indicator.code,
                    "name": result.indicator.name,
                    "requirement": _requirement(result),
                    "figure": figure,
                    "status": str(result.status),
                    "status_text": STATUS_TEXT[result.status],
                    "evidence": evidence.get(result.indicator.pk, 0),
                    "requires_evidence": result.indicator.requires_evidence,
                    "lead_body": lead.name if lead else "Chưa phân công",
                    "assessment": assessments.get(lead.pk, "Chưa có báo cáo tháng") if lead else "",
                    "comment": _comment(result),
                }
            )
        criterion = criterion_result.criterion
        criteria.append(
            {
                "number": criterion.number,
                "name": criterion.name,
                "status": str(criterion_result.status),
                "status_text": STATUS_TEXT[criterion_result.status],
                "indicators": rows,
            }
        )
    month_label = f"{wording.month_text(month.month)}/{month.year}"
    return {
        "kind": "self_assessment",
        "commune": _commune(commune),
        "year": year,
        "month": month.isoformat(),
        "month_text": month_label,
        "title": "BÁO CÁO",
        "subject": wording.keep_last_words(
            f"Tự đánh giá kết quả thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới năm {year}"
        ),
        "number_line": wording.number_line(None, commune.report_number_suffix),
        "date_line": wording.date_line(commune.name, day),
        "report_date": day.isoformat(),
        "criteria_set": assessed_by(status),
        "summary": {
            "met": status.met_count,
            "not_met": status.not_met_count,
            "unknown": status.unknown_count,
            "total": status.total,
        },
        "criteria": criteria,
        "evidence_total": sum(evidence.values()),
        "is_sample": is_sample,
    }
