"""Login throttling, password rules and session lifetime (issue 7, part 2)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from ntm_portal.middleware import client_ip

PASSWORD = "QuangTrung@2024"
START = datetime.datetime(2024, 3, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def accounts(django_user_model):
    """Two officers and the administrator, with the demo password (no demo commune needed)."""
    for username in ("taikhoan.a", "taikhoan.b"):
        django_user_model.objects.create_user(username, password=PASSWORD)
    django_user_model.objects.create_superuser("quantri.thu", password=PASSWORD)


def sign_in(client, username="taikhoan.a", password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail(client, times, username="taikhoan.a", **extra):
    """Wrong passwords; returns the status codes the login page answered with."""
    return [sign_in(client, username, "wrong-password", **extra).status_code for _ in range(times)]


def test_right_password_after_four_failures_still_works(client, accounts):
    assert fail(client, 4) == [200] * 4
    response = sign_in(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_five_failures_lock_out_even_the_right_password(client, accounts):
    assert fail(client, 5) == [200, 200, 200, 200, 429]
    response = sign_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "15 phút" in page
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, accounts):
    fail(client, 5)
    assert sign_in(client, "taikhoan.b").status_code == 302
    assert sign_in(client, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_lockout_ends_after_the_cool_off(client, accounts):
    with time_machine.travel(START, tick=False) as traveller:
        fail(client, 5)
        traveller.shift(datetime.timedelta(minutes=14))
        assert sign_in(client).status_code == 429
        # A try during the lock-out restarts it (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT).
        traveller.shift(datetime.timedelta(minutes=16))
        assert sign_in(client).status_code == 302


def test_admin_login_is_throttled_too(client, accounts):
    for _ in range(5):
        client.post("/admin/login/", {"username": "quantri.thu", "password": "wrong-password"})
    response = client.post("/admin/login/", {"username": "quantri.thu", "password": PASSWORD})
    assert response.status_code == 429


def test_client_address_behind_proxy_is_the_one_nginx_appended(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "127.0.0.1"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize(
    "password",
    ["12345678", "password", "short1!", "truongban2024"],
)
def test_weak_passwords_are_refused(django_user_model, db, password):
    user = django_user_model(username="truongban2024", first_name="Trưởng")
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.parametrize(
    "password",
    ["73915048266", "lua chin vang dong", "mưa rào tháng bảy"],
)
def test_no_composition_rules(password, db):
    """ASVS 5.0 V6.2.5: digits only, lower case only or spaces only are all fine."""
    assert validate_password(password) is None


def test_session_ends_after_thirty_idle_minutes(client, accounts):
    with time_machine.travel(START, tick=False) as traveller:
        assert sign_in(client).status_code == 302
        for _ in range(3):  # active use keeps the session alive past 30 minutes
            traveller.shift(datetime.timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_password_change_signs_out_other_browsers(client, accounts, django_user_model):
    from django.test import Client

    other = Client()
    assert sign_in(client).status_code == 302
    assert sign_in(other).status_code == 302
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ruộng lúa xanh mướt",
            "new_password2": "ruộng lúa xanh mướt",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert other.get(reverse("home")).status_code == 302
    user = django_user_model.objects.get(username="taikhoan.a")
    assert user.check_password("ruộng lúa xanh mướt")


def test_password_change_needs_the_current_password(client, accounts, django_user_model):
    sign_in(client)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "abc xyz 12345",
            "new_password2": "abc xyz 12345",
        },
    )
    assert response.status_code == 200
    assert django_user_model.objects.get(username="taikhoan.a").check_password(PASSWORD)


def test_password_change_needs_sign_in(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_deactivated_user_is_signed_out(client, accounts, django_user_model):
    assert sign_in(client).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    django_user_model.objects.filter(username="taikhoan.a").update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_admin_keeps_its_own_password_change_page(client, accounts, django_user_model):
    client.force_login(django_user_model.objects.get(username="quantri.thu"))
    response = client.get("/admin/password_change/")
    assert "admin/base_site.html" in [t.name for t in response.templates]
    page = client.get(reverse("password_change"))
    assert "registration/password_change.html" in [t.name for t in page.templates]
