import datetime

import time_machine
from django.urls import reverse

from submissions.models import Submission
from tests.submissions.factories import make_submission
from villages.models import ResponsibleBody

MARCH = datetime.date(2024, 3, 1)
MARCH_10 = datetime.datetime(2024, 3, 10, 3, 0, tzinfo=datetime.UTC)


def user(django_user_model, username):
    return django_user_model.objects.get(username=username)


@time_machine.travel(MARCH_10, tick=False)
def test_officer_is_reminded_with_due_date_and_days_left(client, demo, django_user_model):
    Submission.objects.filter(month=MARCH).delete()
    client.force_login(user(django_user_model, "hoinongdan"))
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert "Hội Nông dân xã chưa nộp báo cáo tháng 03/2024; hạn nộp ngày 16/03/2024" in page
    assert "còn 6 ngày" in page
    body = ResponsibleBody.objects.get(name="Hội Nông dân xã")
    assert f"/reports/submissions/2024-03/{body.pk}/" in page


@time_machine.travel(MARCH_10, tick=False)
def test_no_reminder_once_submitted(client, demo, django_user_model):
    body = ResponsibleBody.objects.get(name="Hội Nông dân xã")
    make_submission(body, MARCH)
    client.force_login(user(django_user_model, "hoinongdan"))
    assert 'data-testid="reminder"' not in client.get(reverse("home")).content.decode()


@time_machine.travel(datetime.datetime(2024, 3, 20, 3, 0, tzinfo=datetime.UTC), tick=False)
def test_head_and_standing_see_who_is_missing(client, demo, django_user_model):
    for username in ("truongban", "thuongtruc"):
        client.force_login(user(django_user_model, username))
        page = client.get(reverse("home")).content.decode()
        assert 'data-testid="missing"' in page
        assert "Thôn Quang Thịnh" in page
        assert "Hội Nông dân xã" in page


@time_machine.travel(MARCH_10, tick=False)
def test_viewer_sees_neither_reminder_nor_missing_list(client, demo, django_user_model):
    client.force_login(user(django_user_model, "captren"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="missing"' not in page
    assert 'data-testid="reminder"' not in page


@time_machine.travel(MARCH_10, tick=False)
def test_home_query_count_with_reminders(
    client, demo, django_user_model, django_assert_max_num_queries
):
    # The standing member (also a member of UBND xã) gets both the missing list (2 queries)
    # and their own reminder (2 queries), whatever the number of bodies and months.
    client.force_login(user(django_user_model, "thuongtruc"))
    with django_assert_max_num_queries(13):
        client.get(reverse("home"))
    client.force_login(user(django_user_model, "hoinongdan"))
    with django_assert_max_num_queries(12):
        client.get(reverse("home"))
