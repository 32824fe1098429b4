import pytest

from criteria.models import IndicatorRecord, MonthClosure
from tests.criteria.conftest import MARCH
from tests.criteria.helpers import form_data

pytestmark = pytest.mark.usefixtures("in_march")


def test_standing_member_closes_then_nobody_can_edit(login, demo):
    client = login("thuongtruc")
    response = client.post("/months/2024-03/close/", follow=True)
    assert "Đã khóa sổ tháng" in response.content.decode()
    assert MonthClosure.objects.get(commune=demo, month=MARCH).is_closed
    page = client.get("/months/2024-03/indicators/13.2/")
    before = IndicatorRecord.objects.count()
    client.post("/months/2024-03/indicators/13.2/", form_data(page, **{"13.2::met": "1"}))
    assert IndicatorRecord.objects.count() == before


def test_reopen_needs_a_reason_which_is_kept(login, demo):
    client = login("thuongtruc")
    client.post("/months/2024-03/close/")
    client.post("/months/2024-03/reopen/", {"reason": "  "})
    assert MonthClosure.objects.get().is_closed
    client.post("/months/2024-03/reopen/", {"reason": "Thôn Bái E bổ sung số liệu"})
    closure = MonthClosure.objects.get()
    assert not closure.is_closed
    assert closure.history.first().reason == "Thôn Bái E bổ sung số liệu"
    assert closure.history.count() == 2


@pytest.mark.parametrize("username", ["truongban", "ubnd", "thon.hoploc", "captren"])
def test_only_the_standing_member_closes_or_reopens(login, username):
    client = login(username)
    assert client.post("/months/2024-03/close/").status_code == 403
    assert client.post("/months/2024-03/reopen/", {"reason": "x"}).status_code == 403
    assert not MonthClosure.objects.exists()


def test_get_is_not_allowed(login):
    assert login("thuongtruc").get("/months/2024-03/close/").status_code == 405


def test_future_month_cannot_be_closed(login):
    assert login("thuongtruc").post("/months/2024-04/close/").status_code == 404
