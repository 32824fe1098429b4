import pytest
from django.urls import reverse

from criteria.models import IndicatorRecord, MonthClosure
from criteria.selectors import indicators_changed
from tests.criteria.conftest import MARCH

pytestmark = pytest.mark.usefixtures("in_march")
URL = "/months/2024-03/"


def test_month_shows_every_indicator_and_the_17_of_19(login):
    response = login("truongban").get(URL)
    page = response.content.decode()
    assert 'data-testid="criteria-met">17/19<' in page
    assert page.count("/months/2024-03/indicators/") >= 54
    assert "Tiêu chí 17. Môi trường và an toàn thực phẩm" in page


def test_own_indicators_come_first(login):
    response = login("ubnd").get(URL)
    own = [row.result.indicator.code for row in response.context["workspace"].own_rows]
    assert "13.2" in own and "15.2" not in own
    page = response.content.decode()
    assert page.index("Chỉ tiêu bạn phụ trách") < page.index("Tất cả tiêu chí")


def test_village_head_is_pointed_at_their_village_form(login):
    page = login("thon.hoploc").get(URL).content.decode()
    assert "Nhập số liệu của Thôn Hợp Lộc" in page


def test_changed_this_month_is_marked(login):
    rows = {
        row.result.indicator.code: row
        for _c, _r, rows in login("truongban").get(URL).context["workspace"].groups
        for row in rows
    }
    assert rows["15.1"].changed  # coverage moved in March
    assert not rows["13.2"].changed  # carried forward from January


def test_changed_this_month_reads_one_row_per_indicator(demo):
    ids = list(indicators_changed(demo, MARCH))
    records = IndicatorRecord.objects.filter(month=MARCH).count()
    assert len(ids) == len(set(ids)) < records  # per-village records, one row each


def test_months_redirects_to_the_current_month(login):
    response = login("truongban").get(reverse("criteria:months"))
    assert response.url == URL


def test_anonymous_is_sent_to_login(client, demo):
    assert reverse("login") in client.get(URL).url


def test_future_and_malformed_months_are_404(login):
    client = login("truongban")
    assert client.get("/months/2024-04/").status_code == 404
    assert client.get("/months/2024-13/").status_code == 404


def test_closed_month_is_shown_as_closed(login, demo):
    MonthClosure.objects.create(commune=demo, month=MARCH, is_closed=True)
    assert "Đã khóa sổ" in login("captren").get(URL).content.decode()


def test_read_only(login):
    assert login("thuongtruc").post(URL).status_code == 405
