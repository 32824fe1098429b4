"""The bell, the list, opening a notification, mark all read, the settings and the
unsubscribe link, through the client as each role."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.models import Kind, Notification, Preference, Sent
from notifications.services import unsubscribe_token
from tests.notifications.conftest import at, run, user

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")


def make(username: str, title: str, url: str = "/plans/", read: bool = False) -> Notification:
    from django.utils import timezone

    return Notification.objects.create(
        user=user(username),
        kind=Kind.UNIT_REMINDER,
        title=title,
        url=url,
        read_at=timezone.now() if read else None,
    )


def test_the_bell_shows_each_roles_own_unread_count(client, demo):
    make("hoinongdan", "Một")
    make("hoinongdan", "Hai")
    make("hoinongdan", "Đã đọc", read=True)
    make("truongban", "Của trưởng ban")
    client.force_login(user("hoinongdan"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">2<' in page
    client.force_login(user("truongban"))
    assert 'data-testid="unread-count">1<' in client.get(reverse("home")).content.decode()
    client.force_login(user("ubnd"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="bell"' in page and "unread-count" not in page


def test_the_list_shows_only_ones_own_read_and_unread(client, demo):
    make("hoinongdan", "Chưa đọc này")
    make("hoinongdan", "Đọc rồi này", read=True)
    make("truongban", "Không phải của bạn")
    client.force_login(user("hoinongdan"))
    page = client.get(LIST).content.decode()
    assert "Chưa đọc này" in page and "Đọc rồi này" in page
    assert "Không phải của bạn" not in page
    unread = client.get(LIST, {"show": "unread"}).content.decode()
    assert "Chưa đọc này" in unread and "Đọc rồi này" not in unread


def test_the_list_in_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    client.force_login(user("hoinongdan"))
    for count in (1, 30):
        Notification.objects.all().delete()
        for number in range(count):
            make("hoinongdan", f"Số {number}")
        # session, user, page count, the menu's profile, the bell's count, page rows
        with django_assert_num_queries(6):
            client.get(LIST)


def test_opening_marks_read_and_goes_to_the_page(client, demo):
    notification = make("hoinongdan", "Gửi báo cáo", url="/reports/submissions/2024-03/")
    client.force_login(user("hoinongdan"))
    response = client.post(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert response.status_code == 302
    assert response["Location"] == "/reports/submissions/2024-03/"
    notification.refresh_from_db()
    assert notification.is_read


def test_someone_elses_notification_is_404_and_stays_unread(client, demo):
    notification = make("truongban", "Của trưởng ban")
    client.force_login(user("hoinongdan"))
    response = client.post(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_opening_by_get_is_refused(client, demo):
    notification = make("hoinongdan", "Một")
    client.force_login(user("hoinongdan"))
    assert (
        client.get(reverse("notifications:open", kwargs={"pk": notification.pk})).status_code == 405
    )


def test_mark_all_read_only_touches_ones_own(client, demo):
    make("hoinongdan", "Một")
    make("hoinongdan", "Hai")
    other = make("truongban", "Của trưởng ban")
    client.force_login(user("hoinongdan"))
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(user__username="hoinongdan").unread().exists()
    other.refresh_from_db()
    assert not other.is_read


def test_anonymous_is_sent_to_the_login(client, demo):
    for url in (LIST, reverse("notifications:settings")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_settings_turn_a_kind_off(client, demo):
    client.force_login(user("truongban"))
    data = {f"in_app_{kind}": "on" for kind in Kind.values} | {
        f"email_{kind}": "on" for kind in Kind.values if kind != Kind.WEEKLY_SUMMARY
    }
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 302
    preference = Preference.objects.get(user__username="truongban")
    assert (preference.kind, preference.in_app, preference.email) == (
        Kind.WEEKLY_SUMMARY,
        True,
        False,
    )
    page = client.get(reverse("notifications:settings")).content.decode()
    row = page.split('data-kind="weekly_summary"')[1].split("</tr>")[0]
    assert row.count(" checked") == 1  # in the app, not by e-mail


def test_the_unsubscribe_link_asks_then_turns_one_kind_off(client, demo):
    with time_machine.travel(at(13), tick=False):
        run()
    link = next(
        word for word in mail.outbox[0].body.split() if "/notifications/unsubscribe/" in word
    ).removeprefix("http://127.0.0.1:8000")
    assert client.get(link).status_code == 200  # a mail scanner opening it changes nothing
    assert not Preference.objects.exists()
    response = client.post(link)
    assert "Bạn sẽ không nhận e-mail về" in response.content.decode()
    preference = Preference.objects.get(user__username="hoinongdan")
    assert (preference.kind, preference.in_app, preference.email) == (
        Kind.UNIT_REMINDER,
        True,
        False,
    )
    # On the due day the reminder is in the app only; other kinds still e-mail.
    mail.outbox.clear()
    with time_machine.travel(at(16), tick=False):
        run()
    assert Notification.objects.filter(user__username="hoinongdan").count() == 2
    assert mail.outbox == []


def test_a_tampered_unsubscribe_token_is_404(client, demo):
    token = unsubscribe_token(user("hoinongdan"), Kind.UNIT_REMINDER)
    assert (
        client.post(reverse("notifications:unsubscribe", kwargs={"token": token + "x"})).status_code
        == 404
    )
    assert not Preference.objects.exists()


def test_settings_with_every_box_unchecked_turn_everything_off(client, demo):
    client.force_login(user("hoinongdan"))
    assert client.post(reverse("notifications:settings"), {}).status_code == 302
    assert Preference.objects.filter(
        user__username="hoinongdan", in_app=False, email=False
    ).count() == (len(Kind.values))
    with time_machine.travel(at(13), tick=False):
        run()
    # Due a reminder that day (test_send_reminders.py), told nothing, mailed nothing.
    assert not Notification.objects.filter(user__username="hoinongdan").exists()
    assert Sent.objects.filter(user__username="hoinongdan").exists()
    assert mail.outbox == []
