import datetime
import io
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.reports.conftest import fake_pdf  # noqa: F401 (fixture)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int = 8, month: int = 3, minute: int = 0) -> datetime.datetime:
    """A moment of 2024 in the commune's time zone."""
    return datetime.datetime(2024, month, day, hour, minute, tzinfo=VN)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def user(username: str):
    return get_user_model().objects.get(username=username)
