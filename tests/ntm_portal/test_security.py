"""Production security settings, headers, CSP and cookies (issue 7, part 1)."""

import os
import re
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

STRONG_KEY = "q8Vd3!zR7#kP2@wL9$xN4%mB6^cJ1&hT5*gF0(yU8)eA3-sK7="


def run_manage(*command: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py in a clean production-like environment (no TESTING, no DEBUG, no .env)."""
    drop = {"SECRET_KEY", "DEBUG", "TESTING", "HTTPS", "BEHIND_PROXY", "SECURE_SSL_REDIRECT"}
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    environment.update({"ENV_FILE": "/dev/null", "SECRET_KEY": STRONG_KEY, **env})
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


SHOW = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
    "getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
)


def test_check_deploy_has_no_warnings():
    result = run_manage("check", "--deploy", DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_uses_host_prefixed_secure_cookies_and_hsts():
    result = run_manage("shell", "-v", "0", "-c", SHOW, DEBUG="0")
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "False",
        "None",
    ]


def test_plain_http_lan_keeps_plain_cookies_and_no_hsts():
    result = run_manage("shell", "-v", "0", "-c", SHOW, DEBUG="0", HTTPS="0")
    assert result.stdout.split()[:6] == [
        "sessionid",
        "csrftoken",
        "False",
        "False",
        "False",
        "0",
    ]


def test_behind_proxy_trusts_forwarded_proto_and_preload_is_configurable():
    result = run_manage(
        "shell", "-v", "0", "-c", SHOW, DEBUG="0", BEHIND_PROXY="1", SECURE_HSTS_PRELOAD="1"
    )
    assert result.stdout.split()[7:] == ["True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]


def test_tests_run_with_plain_cookie_names():
    assert settings.SESSION_COOKIE_NAME == "sessionid"
    assert settings.SESSION_COOKIE_SECURE is False


def test_pages_send_csp_and_framing_headers(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "img-src 'self' data:" in policy
    assert "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_https_sends_hsts_and_redirects_plain_http(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    secure = client.get(reverse("login"), secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    plain = client.get(reverse("login"))
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")


def test_health_check_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200


def test_forwarded_proto_counts_as_https_behind_proxy(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("login"), headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200


def test_session_cookie_is_host_prefixed_and_secure_over_https(client, django_user_model, settings):
    django_user_model.objects.create_user("taikhoan.e", password="QuangTrung@2024")
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.SESSION_COOKIE_SECURE = True
    response = client.post(
        reverse("login"),
        {"username": "taikhoan.e", "password": "QuangTrung@2024"},
        secure=True,
    )
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert cookie["httponly"] is True


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


PAGES = [
    "/accounts/login/",
    "/",
    "/criteria/",
    "/accounts/password/",
    "/admin/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/villages/village/",
    "/admin/axes/accessattempt/",
]


def test_pages_have_nothing_the_csp_would_block(client, demo, django_user_model):
    """One demo load for all pages: the demo fixture is the slow part."""
    from criteria.models import Indicator

    client.force_login(django_user_model.objects.get(username="admin"))
    indicator = Indicator.objects.first()
    for url in [*PAGES, f"/admin/criteria/indicator/{indicator.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert INLINE_SCRIPT.search(page) is None, url
        assert INLINE_STYLE.search(page) is None, url


def test_admin_change_form_has_no_inline_script(client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri.thu", password="x-Pass-2024!")
    client.force_login(admin)
    page = client.get(f"/admin/auth/user/{admin.pk}/change/").content.decode()
    assert "<script" in page
    assert INLINE_SCRIPT.search(page) is None
