import pytest

from criteria.models import IndicatorRecord
from tests.criteria.conftest import MARCH
from tests.criteria.helpers import form_data

pytestmark = pytest.mark.usefixtures("in_march")


def url(code, month="2024-03"):
    return f"/months/{month}/indicators/{code}/"


def march(code, **filters):
    return IndicatorRecord.objects.filter(indicator__code=code, month=MARCH, **filters)


def test_lead_body_officer_records_status_and_notes(login):
    client = login("ubnd")
    response = client.get(url("13.2"))
    data = form_data(
        response,
        **{"13.2::met": "1", "13.2::work_done": "Ký hợp đồng bao tiêu mía với nhà máy."},
    )
    response = client.post(url("13.2"), data, follow=True)
    record = march("13.2").get()
    assert record.met is True
    assert record.recorded_by.username == "ubnd"
    assert "Ký hợp đồng bao tiêu mía" in response.content.decode()
    assert response.context["result"].status == "met"


def test_history_shows_who_changed_what(login):
    client = login("ubnd")
    client.post(url("13.2"), form_data(client.get(url("13.2")), **{"13.2::met": "1"}))
    page = client.get(url("13.2")).content.decode()
    assert "Chưa đạt → <strong>Đạt</strong>" in page
    assert "Cán bộ UBND" in page


def test_supporting_body_may_record_too(login):
    client = login("hoinongdan")  # Hội Nông dân supports 13.2
    client.post(url("13.2"), form_data(client.get(url("13.2")), **{"13.2::met": "1"}))
    assert march("13.2").get().met is True


def test_officer_of_another_body_gets_403(login):
    client = login("hoinongdan")  # 15.2 belongs to the health station
    assert client.get(url("15.2")).status_code == 200
    assert client.post(url("15.2"), {"x": "1"}).status_code == 403
    assert not march("15.2").exists()


def test_village_head_sees_only_own_village_editable(login):
    response = login("thon.hoploc").get(url("17.1"))
    editable = [cell.village.name for cell in response.context["form"].cells]
    assert editable == ["Hợp Lộc"]


def test_village_head_cannot_post_a_commune_indicator(login):
    assert login("thon.hoploc").post(url("13.2"), {"x": "1"}).status_code == 403


def test_html_in_notes_is_escaped(login):
    client = login("ubnd")
    data = form_data(client.get(url("13.2")), **{"13.2::difficulties": "<script>alert(1)</script>"})
    page = client.post(url("13.2"), data, follow=True).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_over_long_notes_are_refused(login):
    client = login("ubnd")
    data = form_data(client.get(url("13.2")), **{"13.2::evidence": "x" * 4001})
    response = client.post(url("13.2"), data)
    assert "4000" in response.content.decode()
    assert not march("13.2").exists()


def test_per_village_ratio_sums_numerators_over_denominators(login):
    client = login("thuongtruc")
    data = form_data(
        client.get(url("17.1")),
        **{"17.1:Hợp Lộc:numerator": "215", "17.1:Thuận Hòa:numerator": "146", "confirm": "on"},
    )
    response = client.post(url("17.1"), data, follow=True)
    # (215 + 146) / 1805 = 20 %: the commune target reached in two villages.
    assert response.context["result"].value == 20
    assert response.context["result"].status == "met"


def test_unknown_indicator_is_404(login):
    assert login("ubnd").get(url("99.9")).status_code == 404


def test_indicator_of_another_set_is_404(login):
    assert login("ubnd").get(url("1")).status_code == 404  # QĐ 51 has criterion 1 but no code "1"


def test_wrong_method(login):
    assert login("ubnd").delete(url("13.2")).status_code == 405
