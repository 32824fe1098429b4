"""Sample monthly reports for the demo commune (all marked `is_sample`).

January and February 2024: every body and village reported on time. March 2024: the
Veterans' Association reported late (18/03), Hội Nông dân xã and Thôn Quang Thịnh have
not reported, so that the demo accounts `hoinongdan` can submit and the standing member
sees who is missing. Get-or-create: nothing is overwritten.

When the demo continues past March 2024 (`load_month`), every later month's reports go
through `submission_submit`, dated: mostly over the three days before the due day, about
one body in twenty a few days late; in the open month (today's) some bodies have not
reported yet, Hội Nông dân xã and Thôn Hợp Lộc among them, so that their accounts have
something to do."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from submissions.models import Submission
from submissions.selectors import reporting_bodies
from submissions.services import submission_submit
from villages.access import role_of
from villages.models import Commune, ResponsibleBody, Role

MONTHS = (datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 3, 1))
MISSING_IN_MARCH = {"Hội Nông dân xã", "Thôn Quang Thịnh"}
LATE_IN_MARCH = {"Hội Cựu chiến binh xã": datetime.date(2024, 3, 18)}

TEXTS = {
    "Ủy ban nhân dân xã": (
        "Duy trì 17/19 tiêu chí đã đạt. Chỉ tiêu 13.2: đang khảo sát để xây dựng mô hình "
        "liên kết sản xuất gắn với tiêu thụ sản phẩm. Chỉ tiêu 13.3: đã liên hệ cơ quan "
        "chuyên môn về truy xuất nguồn gốc và chứng nhận VietGAP.",
        "Chưa có doanh nghiệp cam kết bao tiêu sản phẩm; chưa có hệ thống cấp nước sạch tập trung.",
        "Đề nghị cấp trên hỗ trợ đầu tư hệ thống cấp nước sạch tập trung cho 5 thôn Hợp "
        "Lộc, Thuận Hòa, Bái E, Ràm Duộng, Quang Vinh để đạt trên 20% số hộ toàn xã.",
    ),
}
VILLAGE_TEXTS = (
    "Tổ chức họp thôn, tuyên truyền xây dựng nông thôn mới; vận động hộ dân chỉnh trang "
    "nhà cửa, vệ sinh đường làng.",
    "Một số hộ còn khó khăn về kinh phí đóng góp.",
    "Đề nghị xã hỗ trợ xi măng làm đường nội đồng.",
)
BODY_TEXTS = (
    "Triển khai kế hoạch tháng tới hội viên, đoàn viên; tham gia vận động nhân dân thực "
    "hiện các tiêu chí được phân công.",
    "Không có khó khăn lớn.",
    "Không có.",
)


def _texts(body: ResponsibleBody) -> tuple[str, str, str]:
    if body.name in TEXTS:
        return TEXTS[body.name]
    return VILLAGE_TEXTS if body.village_id else BODY_TEXTS


def _submitted_at(day: datetime.date, hour: int) -> datetime.datetime:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=tz)


def _author(body: ResponsibleBody) -> AbstractBaseUser | None:
    """The body's own officer or village head (not the standing member, who may also
    be a member); None when the body has no account."""
    members = sorted(body.members.all(), key=lambda user: user.pk)
    own = [user for user in members if role_of(user) in (Role.OFFICER, Role.VILLAGE_HEAD)]
    return (own or members or [None])[0]


def load_submissions(commune: Commune) -> None:
    for month in MONTHS:
        for index, body in enumerate(
            reporting_bodies(commune).prefetch_related("members__profile")
        ):
            is_march = month.month == 3
            if is_march and body.name in MISSING_IN_MARCH:
                continue
            if Submission.objects.filter(body=body, month=month).exists():
                continue
            day = LATE_IN_MARCH.get(body.name) if is_march else None
            # On-time reports arrive over the three days before the due day.
            day = day or commune.due_date(month) - datetime.timedelta(days=index % 3)
            submitted_at = _submitted_at(day, 8 + index % 8)
            author = _author(body)
            results, difficulties, proposals = _texts(body)
            submission = Submission(
                body=body,
                month=month,
                results=results,
                difficulties=difficulties,
                proposals=proposals,
                indicators_confirmed=True,
                submitted_by=author,
                first_submitted_at=submitted_at,
                submitted_at=submitted_at,
                is_sample=True,
            )
            submission._history_date = submitted_at
            submission._history_user = author
            submission.save()


MISSING_IN_OPEN_MONTH = {"Hội Nông dân xã", "Thôn Hợp Lộc"}
# What the People's Committee reports as the year goes on (from the month given).
UBND_LATER = (
    (
        datetime.date(2024, 4, 1),
        "Duy trì 17/19 tiêu chí đã đạt. Chỉ tiêu 13.2: đang làm việc với doanh nghiệp về "
        "liên kết sản xuất lúa chất lượng cao. Chỉ tiêu 17.1: đang đề xuất cấp trên đầu tư hệ "
        "thống cấp nước sạch tập trung; tuyên truyền tại 5 thôn.",
        "Chưa có doanh nghiệp ký cam kết bao tiêu sản phẩm.",
        "Đề nghị cấp trên sớm phê duyệt chủ trương đầu tư hệ thống cấp nước sạch tập trung.",
    ),
    (
        datetime.date(2024, 9, 1),
        "Đã ký hợp đồng liên kết sản xuất lúa chất lượng cao (chỉ tiêu 13.2 đạt). Hệ thống "
        "cấp nước sạch tập trung đang thi công; vận động hộ dân 5 thôn đăng ký đấu nối.",
        "Một số hộ còn e ngại chi phí đấu nối nước sạch.",
        "Đề nghị hỗ trợ kinh phí đấu nối cho hộ nghèo, hộ cận nghèo.",
    ),
    (
        datetime.date(2025, 1, 1),
        "Chỉ tiêu 13.2 và 13.3 đạt. Hệ thống cấp nước sạch tập trung đã đưa vào sử dụng; số "
        "hộ đấu nối ở 5 thôn tăng hằng tháng.",
        "Tỷ lệ hộ dùng nước sạch tập trung toàn xã chưa đạt 20%.",
        "Đề nghị tiếp tục hỗ trợ kinh phí đấu nối cho hộ nghèo, hộ cận nghèo.",
    ),
    (
        datetime.date(2025, 6, 1),
        "Duy trì 19/19 tiêu chí; tỷ lệ hộ dùng nước sạch từ hệ thống tập trung toàn xã trên "
        "20%. Tiếp tục nâng cao chất lượng các tiêu chí đã đạt.",
        "Không có khó khăn lớn.",
        "Không có.",
    ),
)


def load_month(
    commune: Commune, month: datetime.date, *, is_open: bool, now: datetime.datetime
) -> int:
    """The bodies' reports for a month after March 2024; returns how many were added.
    `is_open`: the current month, in which some bodies are still to report; no report
    is dated after `now`."""
    added = 0
    serial = (month.year - 2024) * 12 + month.month
    bodies = reporting_bodies(commune).select_related("commune")
    # Read once for the month, not one query per body (the service reads body.commune).
    reported = set(
        Submission.objects.filter(body__in=bodies, month=month).values_list("body_id", flat=True)
    )
    for index, body in enumerate(bodies.prefetch_related("members__profile")):
        if is_open and (body.name in MISSING_IN_OPEN_MONTH or index % 4 == 3):
            continue
        if body.pk in reported:
            continue
        due = commune.due_date(month)
        if not is_open and (serial * 7 + index) % 19 == 0:
            day = due + datetime.timedelta(days=1 + serial % 3)
        else:
            day = due - datetime.timedelta(days=index % 3)
        submitted_at = min(_submitted_at(day, 8 + index % 8), now - datetime.timedelta(hours=1))
        if submitted_at.date() < month:
            continue  # the open month has only just started
        results, difficulties, proposals = _texts(body)
        if body.name in TEXTS:
            later = [texts for start, *texts in UBND_LATER if start <= month]
            results, difficulties, proposals = (
                later[-1] if later else (results, difficulties, proposals)
            )
        submission_submit(
            body=body,
            month=month,
            user=_author(body),
            results=results,
            difficulties=difficulties,
            proposals=proposals,
            indicators_confirmed=True,
            base="",
            when=submitted_at,
            is_sample=True,
        )
        added += 1
    return added
