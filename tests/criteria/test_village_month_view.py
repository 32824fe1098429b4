from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from criteria.models import IndicatorRecord, MonthClosure
from tests.criteria.conftest import MARCH
from tests.criteria.helpers import form_data
from villages.models import Village

pytestmark = pytest.mark.usefixtures("in_march")


@pytest.fixture
def hop_loc(demo):
    return Village.objects.get(name="Hợp Lộc")


def url(village, month="2024-03"):
    return f"/months/{month}/villages/{village.pk}/"


def water(village, month=MARCH):
    return IndicatorRecord.objects.filter(indicator__code="17.1", village=village, month=month)


def test_village_head_records_water_and_sees_village_and_commune_change(login, hop_loc):
    client = login("thon.hoploc")
    response = client.get(url(hop_loc))
    before = IndicatorRecord.objects.count()
    response = client.post(
        url(hop_loc), form_data(response, **{"17.1::numerator": "40"}), follow=True
    )
    assert water(hop_loc).get().numerator == 40
    assert IndicatorRecord.objects.count() == before + 1  # only what changed
    page = response.content.decode()
    assert "18,60 %" in page  # 40 / 215 for Hợp Lộc
    assert "2,22 %" in page  # 40 / 1805 for the commune


def test_saving_unchanged_creates_nothing(login, hop_loc):
    client = login("thon.hoploc")
    before = IndicatorRecord.objects.count()
    response = client.post(url(hop_loc), form_data(client.get(url(hop_loc))))
    assert response.status_code == 302
    assert IndicatorRecord.objects.count() == before


def test_village_head_cannot_edit_another_village(login, demo):
    other = Village.objects.get(name="Bái E")
    client = login("thon.hoploc")
    assert client.get(url(other)).status_code == 200  # everyone may read
    assert client.post(url(other), {}).status_code == 403
    assert not water(other).exists()


@pytest.mark.parametrize("username", ["truongban", "captren"])
def test_readers_cannot_post(login, hop_loc, username):
    assert login(username).post(url(hop_loc), {}).status_code == 403


def test_readers_get_the_figures_without_a_form_to_post(login, hop_loc):
    page = login("captren").get(url(hop_loc)).content.decode()
    assert "Thôn Hợp Lộc" in page
    assert f'action="{url(hop_loc)}"' not in page and '<form method="post" novalidate>' not in page


def test_standing_member_may_edit_any_village(login, hop_loc):
    client = login("thuongtruc")
    response = client.get(url(hop_loc))
    client.post(url(hop_loc), form_data(response, **{"17.1::numerator": "12"}))
    assert water(hop_loc).get().numerator == 12


def test_anonymous_is_sent_to_login(client, hop_loc):
    response = client.get(url(hop_loc))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_unknown_village_is_404(login, demo):
    assert login("thon.hoploc").get("/months/2024-03/villages/99999/").status_code == 404


@pytest.mark.parametrize("month", ["2024-13", "2024-00", "1999-01", "2024-4"])
def test_month_that_does_not_exist_is_404(login, hop_loc, month):
    assert login("thon.hoploc").get(f"/months/{month}/villages/{hop_loc.pk}/").status_code == 404


def test_future_month_is_404(login, hop_loc):
    assert login("thon.hoploc").get(url(hop_loc, "2024-04")).status_code == 404
    assert login("thon.hoploc").post(url(hop_loc, "2024-04"), {}).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"17.1::numerator": "300"}, "Tử số không được lớn hơn mẫu số"),
        ({"17.1::numerator": "-3"}, "không được âm"),
        ({"17.1::numerator": "12,5"}, "phải là số nguyên"),
        ({"17.1::numerator": "mười"}, "Hãy nhập một số"),
        ({"17.1::denominator": ""}, "Hãy nhập cả tử số và mẫu số"),
        ({"17.1::denominator": "0", "17.1::numerator": "0"}, "Mẫu số phải lớn hơn 0"),
        ({"17.1::denominator": "220"}, "hãy ghi lý do"),
        ({"17.1::denominator_note": "x" * 301}, "300"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_saved(login, hop_loc, changes, message):
    client = login("thon.hoploc")
    before = IndicatorRecord.objects.count()
    response = client.post(url(hop_loc), form_data(client.get(url(hop_loc)), **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert IndicatorRecord.objects.count() == before


def test_jump_of_more_than_20_points_needs_confirmation(login, hop_loc):
    client = login("thon.hoploc")
    data = form_data(client.get(url(hop_loc)), **{"17.1::numerator": "100"})  # 0 % → 46,5 %
    response = client.post(url(hop_loc), data)
    assert "hơn 20 điểm" in response.content.decode()
    assert not water(hop_loc).exists()
    response = client.post(url(hop_loc), {**data, "confirm": "on"})
    assert response.status_code == 302
    record = water(hop_loc).get()
    assert record.numerator == 100
    assert "20" in record.warning
    assert record.warning_confirmed_by.username == "thon.hoploc"


def test_denominator_other_than_register_needs_reason_and_confirmation(login, hop_loc):
    client = login("thon.hoploc")
    data = form_data(
        client.get(url(hop_loc)),
        **{"17.1::denominator": "220", "17.1::denominator_note": "5 hộ mới tách"},
    )
    assert "khác sổ hộ" in client.post(url(hop_loc), data).content.decode()
    client.post(url(hop_loc), {**data, "confirm": "on"})
    record = water(hop_loc).get()
    assert (record.denominator, record.denominator_note) == (Decimal(220), "5 hộ mới tách")


def test_closed_month_refuses_changes(login, hop_loc, demo):
    MonthClosure.objects.create(commune=demo, month=MARCH, is_closed=True)
    client = login("thon.hoploc")
    response = client.get(url(hop_loc))
    assert "Save" not in response.content.decode() and "Lưu" not in response.content.decode()
    data = form_data(response, **{"17.1::numerator": "40"})
    response = client.post(url(hop_loc), data)
    assert "đã khóa" in response.content.decode()
    assert not water(hop_loc).exists()


def test_stale_form_is_refused_with_the_current_value(login, hop_loc, users):
    head = login("thon.hoploc")
    stale = form_data(head.get(url(hop_loc)), **{"17.1::numerator": "30"})
    officer = Client()
    officer.force_login(users["thuongtruc"])
    officer.post(url(hop_loc), form_data(officer.get(url(hop_loc)), **{"17.1::numerator": "20"}))
    response = head.post(url(hop_loc), stale)
    page = response.content.decode()
    assert "sau khi bạn mở biểu mẫu" in page
    assert "20/215" in page
    assert water(hop_loc).get().numerator == 20
    # Saving again, having seen theirs, is a deliberate replacement.
    head.post(url(hop_loc), form_data(response, **{"17.1::numerator": "30"}))
    assert water(hop_loc).get().numerator == 30


def test_missing_csrf_token_is_refused(users, hop_loc):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["thon.hoploc"])
    response = client.post(
        url(hop_loc), form_data(client.get(url(hop_loc)), **{"17.1::numerator": "9"})
    )
    assert response.status_code == 403
    assert not water(hop_loc).exists()


def test_wrong_method(login, hop_loc):
    assert login("thon.hoploc").put(url(hop_loc)).status_code == 405


def test_one_village_form_stays_far_below_the_field_limit(login, hop_loc, settings):
    response = login("thon.hoploc").get(url(hop_loc))
    assert len(response.context["form"].fields) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 5


def test_closed_month_shows_values_as_text_not_inputs(login, hop_loc, demo):
    MonthClosure.objects.create(commune=demo, month=MARCH, is_closed=True)
    page = login("thon.hoploc").get(url(hop_loc)).content.decode()
    assert '<input type="text"' not in page
    assert 'data-keep-form="figures"' not in page
    assert 'data-testid="village-pct-17.1"' in page


def test_jump_asks_for_confirmation_as_a_warning_not_an_error(login, hop_loc):
    client = login("thon.hoploc")
    data = form_data(client.get(url(hop_loc)), **{"17.1::numerator": "100"})
    page = client.post(url(hop_loc), data).content.decode()
    assert "Kiểm tra lại rồi bấm Xác nhận" in page
    assert "alert-warning" in page
    assert "Chưa lưu gì" not in page and "alert-danger" not in page
    assert 'name="confirm" value="on"' in page  # the Xác nhận button


def test_reason_field_only_on_register_denominators_and_numeric_keypad_for_counts(login, hop_loc):
    response = login("thon.hoploc").get(url(hop_loc))
    form = response.context["form"]
    notes = {name.split("-")[0] for name in form.fields if name.endswith("denominator_note")}
    with_register = {
        str(cell.indicator.pk) for cell in form.cells if cell.indicator.denominator_source
    }
    assert notes == with_register
    assert len(notes) < len({cell.indicator.pk for cell in form.cells})
    page = response.content.decode()
    water_cell = next(c for c in form.cells if c.indicator.code == "17.1")
    assert f'name="{water_cell.key}-numerator"' in page
    assert form.fields[f"{water_cell.key}-numerator"].widget.attrs["inputmode"] == "numeric"
    assert f'id="id_{water_cell.key}-numerator" value="' in page
    assert 'inputmode="numeric"' in page
