"""The fixed wording of the documents (numbers are printed by criteria.numbers).

The PDF and XLSX are official Vietnamese administrative documents (Nghị định
30/2020/NĐ-CP): their text is Vietnamese whatever language the person downloading them
reads the site in, and a sent version must be byte-identical on every download. So the
documents' words live here, not in the translation catalogue."""

from __future__ import annotations

import datetime
from decimal import Decimal

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
