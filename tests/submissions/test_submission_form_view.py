import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from criteria.models import MonthClosure
from submissions.models import Submission
from tests.submissions.conftest import MARCH, as_user
from tests.submissions.factories import make_submission
from villages.models import BodyKind, Commune, Province, ResponsibleBody


def url(body, month=MARCH):
    return reverse("submissions:submission", kwargs={"month": month, "body_pk": body.pk})


def data(**fields):
    values = {
        "results": "Đã họp triển khai kế hoạch tháng",
        "difficulties": "Thiếu kinh phí",
        "proposals": "",
        "indicators_confirmed": "on",
        "version": "",
    }
    values.update(fields)
    return values


@pytest.mark.parametrize(
    ("role", "method", "status"),
    [
        (role, "get", 200)
        for role in ["head", "standing", "officer", "other_officer", "village_head", "viewer"]
    ]
    + [("anonymous", "get", 302)]
    + [("officer", "post", 302), ("standing", "post", 302), ("anonymous", "post", 302)]
    + [(role, "post", 403) for role in ["head", "viewer", "village_head", "other_officer"]]
    + [(role, "put", 405) for role in ["officer", "standing", "anonymous"]]
    + [(role, "delete", 405) for role in ["officer", "standing"]],
)
def test_access_matrix(client, people, frozen, role, method, status):
    client = as_user(client, people, role)
    response = getattr(client, method)(url(people.body), data() if method == "post" else None)
    assert response.status_code == status


def test_officer_submits_on_time(client, people, frozen):
    client.force_login(people.officer)
    response = client.post(url(people.body), data(), follow=True)
    submission = Submission.objects.get(body__commune=people.commune)
    assert (submission.body, submission.submitted_by) == (people.body, people.officer)
    assert "Nộp đúng hạn" in response.content.decode()
    assert "Đã nộp báo cáo" in response.content.decode()


def test_village_head_submits_for_the_village(client, people, frozen):
    client.force_login(people.village_head)
    assert client.post(url(people.village_body), data()).status_code == 302
    assert Submission.objects.get(body__commune=people.commune).body == people.village_body


def test_anonymous_post_goes_to_login_and_saves_nothing(client, people, frozen):
    response = client.post(url(people.body), data())
    assert response.url.startswith(reverse("login"))
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_other_body_is_forbidden_and_saves_nothing(client, people, frozen):
    client.force_login(people.other_officer)
    assert client.post(url(people.body), data()).status_code == 403
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_unknown_body_is_404(client, people, frozen):
    client.force_login(people.officer)
    response = client.get(
        reverse("submissions:submission", kwargs={"month": MARCH, "body_pk": 999})
    )
    assert response.status_code == 404


def test_steering_committee_has_no_report_page(client, people, frozen):
    client.force_login(people.standing)
    assert client.get(url(people.steering)).status_code == 404


def test_body_of_another_commune_is_404(client, people, frozen, criteria_set):
    other = Commune.objects.create(
        name="Khác", province=Province.objects.create(name="Tỉnh khác"), criteria_set=criteria_set
    )
    foreign = ResponsibleBody.objects.create(
        commune=other, name="UBND khác", kind=BodyKind.PEOPLES_COMMITTEE
    )
    client.force_login(people.standing)
    assert client.get(url(foreign)).status_code == 404
    assert client.post(url(foreign), data()).status_code == 404


def test_month_that_does_not_exist_is_404(client, people, frozen):
    client.force_login(people.officer)
    assert client.get(f"/reports/submissions/2024-13/{people.body.pk}/").status_code == 404


def test_future_month_page_is_404_and_post_is_refused(client, people, frozen):
    client.force_login(people.officer)
    april = datetime.date(2024, 4, 1)
    assert client.get(url(people.body, april)).status_code == 404
    response = client.post(url(people.body, april), data())
    assert "chưa bắt đầu" in response.content.decode()
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_closed_month_is_refused(client, people, frozen):
    MonthClosure.objects.create(commune=people.commune, month=MARCH, is_closed=True)
    client.force_login(people.officer)
    response = client.post(url(people.body), data())
    assert "đã khóa sổ" in response.content.decode()
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_missing_results_is_a_form_error(client, people, frozen):
    client.force_login(people.officer)
    response = client.post(url(people.body), data(results=""))
    assert response.status_code == 200
    assert "Hãy nhập kết quả thực hiện" in response.content.decode()
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_unconfirmed_indicators_is_a_form_error(client, people, frozen):
    client.force_login(people.officer)
    data_without = data()
    del data_without["indicators_confirmed"]
    response = client.post(url(people.body), data_without)
    assert "Hãy xác nhận số liệu" in response.content.decode()
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_over_long_text_is_a_form_error(client, people, frozen):
    client.force_login(people.officer)
    response = client.post(url(people.body), data(proposals="x" * 4001))
    assert response.context["form"].errors["proposals"]
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_stale_form_shows_conflict_and_overwrites_nothing(client, people, frozen):
    make_submission(people.body, MARCH, results="Bản của người khác", user=people.standing)
    client.force_login(people.officer)
    response = client.post(url(people.body), data(results="Bản cũ", version=""))
    assert response.status_code == 409
    assert "sau khi bạn mở biểu mẫu" in response.content.decode()
    current = Submission.objects.get(body__commune=people.commune)
    assert current.results == "Bản của người khác"
    assert response.context["form"]["version"].value() == f"{current.pk}:1"


def test_resubmission_with_current_version_replaces_and_keeps_history(client, people, frozen):
    first = make_submission(people.body, MARCH, results="Lần 1")
    client.force_login(people.officer)
    client.post(url(people.body), data(results="Lần 2", version=f"{first.pk}:1"))
    submission = Submission.objects.get(body__commune=people.commune)
    assert (submission.results, submission.version) == ("Lần 2", 2)
    page = client.get(url(people.body)).content.decode()
    assert "Lần 1" in page and "Lần 2" in page


def test_missing_csrf_token_is_refused(people, frozen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.officer)
    assert client.post(url(people.body), data()).status_code == 403
    assert not Submission.objects.filter(body__commune=people.commune).exists()


def test_html_is_escaped(client, people, frozen):
    client.force_login(people.officer)
    client.post(url(people.body), data(results="<script>alert(1)</script>"))
    page = client.get(url(people.body)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_reader_sees_no_form(client, people, frozen):
    client.force_login(people.viewer)
    response = client.get(url(people.body))
    assert response.context["form"] is None
    assert response.context["send_back_form"] is None


def test_demo_farmers_officer_submits_march(client, demo, django_user_model):
    body = ResponsibleBody.objects.get(name="Hội Nông dân xã")
    client.force_login(django_user_model.objects.get(username="hoinongdan"))
    assert client.get(url(body)).context["form"] is not None
    assert client.post(url(body), data()).status_code == 302
    assert Submission.objects.filter(body=body, month=MARCH, is_sample=False).exists()


def test_form_lists_indicators_by_name_and_value_and_is_never_pre_ticked(
    client, people, frozen, make_indicator, lead
):
    from criteria.models import IndicatorRecord

    indicator = make_indicator("2.1", kind="number", unit="km")
    lead(indicator)
    IndicatorRecord.objects.create(
        commune=people.body.commune, indicator=indicator, month=MARCH, value=12
    )
    make_submission(people.body, MARCH, sent_back=True, sent_back_note="Bổ sung số liệu", version=2)
    client.force_login(people.officer)
    response = client.get(url(people.body))
    page = response.content.decode()
    table = page[page.index('data-testid="figures-to-confirm"') :]
    assert "Chỉ tiêu 2.1" in table and "12,00 km" in table
    assert response.context["form"]["indicators_confirmed"].value() is False
    checkbox = re.search(r'<input type="checkbox" name="indicators_confirmed"[^>]*>', page)
    assert checkbox and "checked" not in checkbox.group(0)
