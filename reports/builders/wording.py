"""The fixed wording of the documents (numbers are printed by criteria.numbers).

The PDF and XLSX are official Vietnamese administrative documents (Nghị định
30/2020/NĐ-CP): their text is Vietnamese whatever language the person downloading them
reads the site in, and a sent version must be byte-identical on every download. So the
documents' words live here, not in the translation catalogue."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from criteria.numbers import NO_VALUE

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

STATUS = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa xác định"}
TASK_STATE = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
}
SUBMISSION_STATE = {
    "not_submitted": "Chưa báo cáo",
    "on_time": "Đúng hạn",
    "late": "Muộn",
    "sent_back": "Trả lại",
}
SOURCE = {
    "central": "Ngân sách Trung ương",
    "provincial": "Ngân sách tỉnh",
    "district": "Ngân sách huyện",
    "commune": "Ngân sách xã",
    "integrated": "Lồng ghép các chương trình, dự án",
    "credit": "Vốn tín dụng",
    "enterprises": "Doanh nghiệp, hợp tác xã",
    "people_money": "Nhân dân đóng góp (tiền)",
    "people_workdays": "Nhân dân đóng góp (ngày công)",
    "people_land": "Nhân dân hiến đất",
    "other": "Nguồn khác",
}
UNIT = {"people_workdays": "ngày công", "people_land": "m²"}
MONEY_UNIT = "đồng"
COMPARATOR = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def month_text(month: int) -> str:
    """Months 1 and 2 are written 01 and 02 (so that nobody adds a digit), the others not."""
    return f"{month:02d}" if month <= 2 else str(month)


def date_line(place: str, day: datetime.date) -> str:
    """ "Quang Trung, ngày 05 tháng 02 năm 2024": days below 10 with a leading zero."""
    return f"{place}, ngày {day.day:02d} tháng {month_text(day.month)} năm {day.year}"


def number_line(reference: str | None, suffix: str) -> str:
    """ "Số: 25/BC-UBND", or with the number left blank before it is given, as a draft is
    printed ("Số:      /BC-UBND"; no-break spaces so that the gap survives HTML)."""
    if reference:
        return f"Số: {reference}"
    return "Số:" + "\u00a0" * 8 + f"/{suffix}"


def plain(value: Decimal | None) -> int | float | None:
    """A Decimal for the JSON snapshot: an int when whole."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


NOTHING_TO_REPORT = {"", "không", "không có", "không có.", "không có khó khăn lớn."}


SECTION = {
    "criteria": "Nhiệm vụ đối với các tiêu chí chưa đạt",
    "communication": "Công tác tuyên truyền",
    "management": "Công tác quản lý, chỉ đạo, điều hành",
    "emulation": "Tổ chức các phong trào thi đua",
    "direction": "Công tác lãnh đạo, chỉ đạo của Ban Chỉ đạo xã",
    "peoples_committee": "Ủy ban nhân dân xã",
    "front": "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
    "villages": "Các thôn trên địa bàn xã",
    "school_health": "Các trường học, Trạm Y tế",
    "other": "Nhiệm vụ khác",
}


def recipients(lines: list[str]) -> list[str]:
    """Recipients as printed: "- X;" each, the last "- Lưu: VT." ending with a full stop
    (the lines are stored without the punctuation, which is added here)."""
    cleaned = [line.strip().rstrip(";.").strip() for line in lines if line.strip()]
    if not any(line.lower().startswith("lưu") for line in cleaned):
        cleaned.append("Lưu: VT")
    return [
        f"- {line}{'.' if index == len(cleaned) - 1 else ';'}" for index, line in enumerate(cleaned)
    ]


def meaningful(text: str) -> bool:
    return text.strip().lower() not in NOTHING_TO_REPORT


def by_text(rows: list[dict[str, Any]], name: str, *, villages: bool = True) -> list[str]:
    """ "Body A, Body B: text" — bodies that wrote the same text are named together."""
    texts: dict[str, list[str]] = {}
    for row in rows:
        if meaningful(row[name]) and (villages or not row["is_village"]):
            texts.setdefault(row[name].strip().rstrip("."), []).append(row["body"])
    return [f"{', '.join(bodies)}: {text}" for text, bodies in texts.items()]


def prefilled_narrative(data: dict[str, Any]) -> dict[str, str]:
    """The narrative sections as the month's data suggests them: what the standing member
    starts from (and what is printed for a section left blank)."""
    month = f"{month_text(data['month_number'])}/{data['year']}"
    submissions = data["submissions"]
    on_time = sum(1 for row in submissions if row["state"] == "on_time")
    late = [row["body"] for row in submissions if row["state"] == "late"]
    missing = [row["body"] for row in submissions if row["state"] in ("not_submitted", "sent_back")]
    plan = data["plan"]
    leadership = [
        f"Ban Chỉ đạo xã tiếp tục chỉ đạo các cơ quan, ban, ngành, đoàn thể và các thôn "
        f"triển khai nhiệm vụ xây dựng nông thôn mới tháng {month}"
        + (f" theo {plan['reference']}." if plan and plan["reference"] else ".")
    ]
    if submissions:
        sentence = (
            f"Có {on_time}/{len(submissions)} cơ quan, đơn vị, thôn gửi báo cáo tháng đúng hạn"
        )
        if late:
            sentence += f"; {len(late)} đơn vị gửi muộn ({', '.join(late)})"
        if missing:
            sentence += f"; {len(missing)} đơn vị chưa báo cáo ({', '.join(missing)})"
        leadership.append(sentence + ".")
    communication = [f"- {line}." for line in by_text(submissions, "results")] or [
        "Tiếp tục tuyên truyền, vận động nhân dân tham gia xây dựng nông thôn mới."
    ]
    emulation = [f"- {name}." for name in data["movements"]] or [
        "Tiếp tục duy trì các phong trào thi đua đã phát động."
    ]
    summary = data["summary"]
    unmet = [c for c in data["criteria"] if c["status"] == "not_met"]
    assessment = [
        f"1. Kết quả: đến ngày {data['cutoff_text']}, xã đạt {summary['met']}/{summary['total']} "
        "tiêu chí nông thôn mới."
    ]
    not_met = [i for c in unmet for i in c["indicators"] if i["status"] == "not_met"]
    plain_misses = [i["code"] for i in not_met if i["shortfall"] == "chưa đạt"]
    clauses = []
    if plain_misses:
        clauses.append(f"chỉ tiêu {join(plain_misses)} chưa đạt")
    clauses += [
        f"chỉ tiêu {i['code']} {i['shortfall']}" for i in not_met if i["shortfall"] != "chưa đạt"
    ]
    assessment.append(
        "2. Tồn tại, hạn chế: " + "; ".join(clauses) + "."
        if clauses
        else "2. Tồn tại, hạn chế: không có chỉ tiêu chưa đạt."
    )
    difficulties = by_text(submissions, "difficulties")
    if difficulties:
        assessment.append("3. Nguyên nhân, khó khăn: " + "; ".join(difficulties) + ".")
    next_tasks = [
        f"- {task['title']} ({task['lead_body'] or 'các thôn'}, hạn {task['deadline_text']})."
        for task in data["next_month_tasks"]
    ]
    for criterion in unmet:
        codes = [i["code"] for i in criterion["indicators"] if i["status"] == "not_met"]
        next_tasks.append(
            f"- Tập trung thực hiện tiêu chí số {criterion['number']} ({criterion['name']}), "
            f"chỉ tiêu {join(codes)}."
        )
    next_tasks = next_tasks or ["- Duy trì và nâng cao chất lượng các tiêu chí đã đạt."]
    proposals = [f"- {line}." for line in by_text(submissions, "proposals")] or ["Không có."]
    return {
        "leadership": "\n".join(leadership),
        "communication": "\n".join(communication),
        "emulation": "\n".join(emulation),
        "assessment": "\n".join(assessment),
        "next_tasks": "\n".join(next_tasks),
        "proposals": "\n".join(proposals),
    }


PLACEHOLDERS = ("…", "...")
REQUIREMENT = {">=": "từ {} trở lên", ">": "trên {}", "<=": "không quá {}", "<": "dưới {}"}


def known_number(number: str) -> str:
    """A document number as it may be printed: "" when it is not known yet (blank, or a
    placeholder such as "…/KH-UBND"), since an issued document never prints a
    placeholder."""
    number = number.strip()
    if not number or any(mark in number for mark in PLACEHOLDERS):
        return ""
    return number


def keep_last_words(text: str, count: int = 3) -> str:
    """Joins the last `count` words with no-break spaces, so that a title that wraps does
    not leave "năm 2024" alone on its last line."""
    words = text.split()
    if len(words) <= count:
        return text
    return " ".join(words[:-count]) + " " + "\u00a0".join(words[-count:])


def join(items: list[str]) -> str:
    """ "a, b và c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} và {items[-1]}"


def shortfall(indicator: dict[str, Any], threshold: Any) -> str:
    """Why an indicator is not met, as a clause: "mới đạt 0,00 % (0/1.805), yêu cầu từ
    20 % trở lên" or "chưa đạt" for a yes/no indicator."""
    if indicator["status"] != "not_met":
        return ""
    if indicator["kind"] == "boolean" or threshold is None:
        return "chưa đạt"
    template = REQUIREMENT.get(threshold.comparator, "{}")
    required = template.format(threshold.display_value)
    reached = indicator["percent"] if indicator["kind"] == "ratio" else indicator["result"]
    if indicator["kind"] == "ratio" and indicator["denominator_text"] != NO_VALUE:
        reached += f" ({indicator['numerator_text']}/{indicator['denominator_text']})"
    return f"mới đạt {reached}, yêu cầu {required}"
