"""Text is stored in one form: NFC, no control characters; two spellings of a name are
one name; the CSRF page and the admin speak Vietnamese."""

import datetime
import unicodedata

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from submissions.models import Submission
from villages.models import ResponsibleBody, Village
from villages.text import clean_text, name_key

pytestmark = pytest.mark.usefixtures("in_march")
MARCH = datetime.date(2024, 3, 1)


def test_clean_text_keeps_newlines_and_tabs_and_drops_other_controls():
    decomposed = unicodedata.normalize("NFD", "Hợp Lộc")
    assert clean_text(f"{decomposed}\x0b\x1b\x85\r\nhai\tba\x7f") == "Hợp Lộc\nhai\tba"
    assert name_key(decomposed) == name_key("  HỢP   lộc ")


def test_control_characters_typed_in_a_report_are_dropped_and_text_stored_nfc(login, demo):
    body = ResponsibleBody.objects.get(name="Hội Nông dân xã")
    client = login("hoinongdan")
    typed = unicodedata.normalize("NFD", "Kết quả\x0b tháng\x1b 3\r\ndòng hai")
    client.post(
        reverse("submissions:submission", args=[MARCH, body.pk]),
        {"results": typed, "indicators_confirmed": "on", "version": ""},
    )
    assert Submission.objects.get(body=body, month="2024-03-01").results == (
        "Kết quả tháng 3\ndòng hai"
    )


@pytest.mark.parametrize("spelling", ["nfd", "upper_ascii"])
def test_the_database_refuses_a_second_spelling_of_a_village_name(demo, spelling):
    village = Village.objects.get(name="Hợp Lộc")
    name = {"nfd": "Hợp Lộc", "upper_ascii": "HợP LộC"}[spelling]
    # NFD is stored as NFC by every form; the database sees the NFC name again.
    name = unicodedata.normalize("NFC", name)
    with pytest.raises(IntegrityError), transaction.atomic():
        Village.objects.create(commune=village.commune, name=name, position=99)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's LOWER() folds ASCII only")
def test_postgresql_refuses_a_village_name_in_other_case(demo):
    village = Village.objects.get(name="Hợp Lộc")
    with pytest.raises(IntegrityError), transaction.atomic():
        Village.objects.create(commune=village.commune, name="HỢP LỘC", position=99)


def test_an_expired_form_gets_a_vietnamese_page_with_a_way_back(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["thuongtruc"])
    back = "http://testserver/reports/monthly/2024-03/"
    response = client.post(
        reverse("reports:monthly_narrative", args=[MARCH]),
        {"leadership": "x"},
        headers={"referer": back},
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in page
    assert f'href="{back}"' in page


def test_an_expired_form_does_not_link_to_another_site(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["thuongtruc"])
    response = client.post(
        reverse("reports:monthly_narrative", args=[MARCH]),
        {},
        headers={"referer": "https://evil.example/"},
    )
    assert "evil.example" not in response.content.decode()


def test_long_forms_keep_their_input_with_the_static_script(login):
    page = login("thuongtruc").get(reverse("reports:monthly", args=[MARCH])).content.decode()
    assert 'data-keep-form="narrative"' in page
    assert "/static/js/keep-form.js" in page


def test_admin_is_titled_in_vietnamese_and_axes_pages_are_translated(login):
    client = login("admin")
    index = client.get(reverse("admin:index")).content.decode()
    assert "Quản trị Cổng thông tin nông thôn mới" in index
    assert "Django" not in index.split("<title>")[1].split("</title>")[0]
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "các lần đăng nhập" in attempts.lower()
