import pytest
from django.urls import reverse

from tests.submissions.conftest import MARCH, as_user
from tests.submissions.factories import local, make_submission
from tests.submissions.test_selectors import bulk_data

ROLES = ["head", "standing", "officer", "village_head", "viewer"]


def url(month=MARCH):
    return reverse("submissions:submissions", kwargs={"month": month})


@pytest.mark.parametrize(
    ("role", "method", "status"),
    [(role, "get", 200) for role in ROLES]
    + [("anonymous", "get", 302)]
    + [(role, "post", 405) for role in [*ROLES, "anonymous"]],
)
def test_access_matrix(client, people, frozen, role, method, status):
    response = getattr(as_user(client, people, role), method)(url())
    assert response.status_code == status


def test_anonymous_goes_to_login(client, people, frozen):
    response = client.get(url())
    assert response.url.startswith(reverse("login"))


def test_lists_bodies_with_state_and_days_left(client, people, frozen):
    make_submission(people.body, MARCH, at=local(2024, 3, 9, 9))
    client.force_login(people.head)
    page = client.get(url()).content.decode()
    assert "Nộp đúng hạn" in page
    assert "Chưa nộp" in page
    assert "còn 6 ngày" in page
    assert "Ban Chỉ đạo xã" not in page  # the steering committee receives, not reports


def test_month_that_does_not_exist_is_404(client, people, frozen):
    client.force_login(people.head)
    assert client.get("/reports/submissions/2024-13/").status_code == 404


def test_future_month_is_404(client, people, frozen):
    client.force_login(people.head)
    assert client.get("/reports/submissions/2024-04/").status_code == 404


def test_menu_entry_redirects_to_this_month(client, people, frozen):
    client.force_login(people.viewer)
    response = client.get(reverse("submissions:submissions_current"))
    assert response.url == url()


def test_menu_entry_is_read_only(client, people, frozen):
    client.force_login(people.viewer)
    assert client.post(reverse("submissions:submissions_current")).status_code == 405


def test_menu_entry_needs_login(client, people, frozen):
    assert client.get(reverse("submissions:submissions_current")).status_code == 302


def test_html_in_body_name_is_escaped(client, people, frozen):
    people.body.name = "<b>UBND</b>"
    people.body.save()
    client.force_login(people.head)
    page = client.get(url()).content.decode()
    assert "&lt;b&gt;UBND&lt;/b&gt;" in page


def test_demo_march_shows_one_late_and_two_missing(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="thuongtruc"))
    overview = client.get(url()).context["overview"]
    assert overview.counts["late"] == 1
    assert {row.body.name for row in overview.outstanding} == {
        "Hội Nông dân xã",
        "Thôn Quang Thịnh",
    }


@pytest.mark.parametrize(("villages_count", "months"), [(10, 1), (39, 24)])
def test_query_count_is_the_same_at_both_sizes(
    client, people, frozen, django_assert_max_num_queries, villages_count, months
):
    bulk_data(people, villages_count=villages_count, months=months)
    client.force_login(people.head)
    with django_assert_max_num_queries(8) as captured:
        response = client.get(url())
    assert len(response.context["overview"].rows) == villages_count + 3
    assert len(captured.captured_queries) <= 8
