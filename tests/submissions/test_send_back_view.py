import pytest
from django.test import Client
from django.urls import reverse

from criteria.models import MonthClosure
from submissions.models import Submission
from tests.submissions.conftest import MARCH, as_user
from tests.submissions.factories import make_submission


def url(body, month=MARCH):
    return reverse("submissions:send_back", kwargs={"month": month, "body_pk": body.pk})


@pytest.fixture
def submitted(people):
    return make_submission(people.body, MARCH, user=people.officer)


@pytest.mark.parametrize(
    ("role", "method", "status"),
    [("standing", "post", 302), ("anonymous", "post", 302)]
    + [(role, "post", 403) for role in ["head", "officer", "village_head", "viewer"]]
    + [(role, "get", 405) for role in ["standing", "head", "officer", "viewer", "anonymous"]],
)
def test_access_matrix(client, people, frozen, submitted, role, method, status):
    client = as_user(client, people, role)
    payload = (
        {"note": "Bổ sung số liệu", "version": f"{submitted.pk}:1"} if method == "post" else None
    )
    assert getattr(client, method)(url(people.body), payload).status_code == status


def test_standing_member_sends_back_with_a_note(client, people, frozen, submitted):
    client.force_login(people.standing)
    response = client.post(
        url(people.body), {"note": "Bổ sung 13.2", "version": f"{submitted.pk}:1"}, follow=True
    )
    submitted.refresh_from_db()
    assert (submitted.sent_back, submitted.sent_back_by) == (True, people.standing)
    assert "Bị trả lại" in response.content.decode()


def test_body_sees_the_reminder_and_resubmits(client, people, frozen, submitted):
    client.force_login(people.standing)
    client.post(url(people.body), {"note": "Bổ sung 13.2", "version": f"{submitted.pk}:1"})
    client.force_login(people.officer)
    assert "bị trả lại" in client.get(reverse("home")).content.decode()
    client.post(
        reverse("submissions:submission", kwargs={"month": MARCH, "body_pk": people.body.pk}),
        {"results": "Đã bổ sung", "indicators_confirmed": "on", "version": f"{submitted.pk}:2"},
    )
    submitted.refresh_from_db()
    assert (submitted.sent_back, submitted.results, submitted.history.count()) == (
        False,
        "Đã bổ sung",
        3,
    )


def test_anonymous_goes_to_login(client, people, frozen, submitted):
    response = client.post(url(people.body), {"note": "x", "version": f"{submitted.pk}:1"})
    assert response.url.startswith(reverse("login"))
    assert not Submission.objects.get(body__commune=people.commune).sent_back


def test_nothing_to_send_back_is_404(client, people, frozen):
    client.force_login(people.standing)
    assert client.post(url(people.body), {"note": "x", "version": "1:1"}).status_code == 404


def test_unknown_body_is_404(client, people, frozen):
    client.force_login(people.standing)
    response = client.post(
        reverse("submissions:send_back", kwargs={"month": MARCH, "body_pk": 999}),
        {"note": "x", "version": "1:1"},
    )
    assert response.status_code == 404


def test_empty_note_is_a_form_error(client, people, frozen, submitted):
    client.force_login(people.standing)
    response = client.post(url(people.body), {"note": "", "version": f"{submitted.pk}:1"})
    assert "Hãy ghi rõ nội dung" in response.content.decode()
    assert not Submission.objects.get(body__commune=people.commune).sent_back


def test_over_long_note_is_a_form_error(client, people, frozen, submitted):
    client.force_login(people.standing)
    response = client.post(url(people.body), {"note": "x" * 4001, "version": f"{submitted.pk}:1"})
    assert response.context["send_back_form"].errors["note"]
    assert not Submission.objects.get(body__commune=people.commune).sent_back


def test_stale_form_is_a_conflict(client, people, frozen, submitted):
    Submission.objects.filter(pk=submitted.pk).update(results="Đã sửa", version=2)
    client.force_login(people.standing)
    response = client.post(url(people.body), {"note": "x", "version": f"{submitted.pk}:1"})
    assert response.status_code == 409
    assert not Submission.objects.get(body__commune=people.commune).sent_back


def test_closed_month_is_refused(client, people, frozen, submitted):
    MonthClosure.objects.create(commune=people.commune, month=MARCH, is_closed=True)
    client.force_login(people.standing)
    response = client.post(url(people.body), {"note": "x", "version": f"{submitted.pk}:1"})
    assert "đã khóa sổ" in response.content.decode()
    assert not Submission.objects.get(body__commune=people.commune).sent_back


def test_missing_csrf_token_is_refused(people, frozen, submitted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.standing)
    assert (
        client.post(url(people.body), {"note": "x", "version": f"{submitted.pk}:1"}).status_code
        == 403
    )
    assert not Submission.objects.get(body__commune=people.commune).sent_back


def test_note_html_is_escaped(client, people, frozen, submitted):
    client.force_login(people.standing)
    client.post(
        url(people.body), {"note": "<img src=x onerror=alert(1)>", "version": f"{submitted.pk}:1"}
    )
    page = client.get(
        reverse("submissions:submission", kwargs={"month": MARCH, "body_pk": people.body.pk})
    ).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
