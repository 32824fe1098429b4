import datetime
import zoneinfo

from django.utils import timezone

from submissions.models import Submission


def make_submission(body, month, *, at=None, user=None, **fields) -> Submission:
    at = at or timezone.now()
    fields.setdefault("results", "Kết quả tháng")
    fields.setdefault("indicators_confirmed", True)
    return Submission.objects.create(
        body=body,
        month=month,
        submitted_by=user,
        first_submitted_at=at,
        submitted_at=at,
        **fields,
    )


HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in the commune's time zone."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HANOI)
