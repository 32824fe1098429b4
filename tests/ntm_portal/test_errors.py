"""Vietnamese error pages with DEBUG off, and the database-outage page (issue 7, 4-5)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from ntm_portal.views import server_error


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = "tests.ntm_portal.error_urls"
    assert settings.DEBUG is False


@pytest.fixture
def anon(client):
    client.raise_request_exception = False
    return client


def test_unknown_page_is_a_vietnamese_404(anon, db):
    response = anon.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert "404.html" in [t.name for t in response.templates]


def test_forbidden_is_a_vietnamese_403_without_the_reason(anon, db, error_urls):
    response = anon.get("/test/forbidden/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền truy cập" in page
    assert "internal reason" not in page


def test_crash_is_a_vietnamese_500_without_traceback_or_database(
    anon, db, error_urls, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = anon.get("/test/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in page
    assert "Traceback" not in page
    assert "secret detail" not in page


def test_database_error_in_a_view_is_a_vietnamese_503(anon, db, error_urls):
    response = anon.get("/test/database-down/")
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "không kết nối được với cơ sở dữ liệu" in page
    assert "5432" not in page


def test_database_error_outside_a_view_is_also_503(rf):
    try:
        raise OperationalError("disk I/O error")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503


def test_other_errors_outside_a_view_are_500(rf):
    try:
        raise KeyError("x")
    except KeyError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


def test_pages_recover_when_the_database_comes_back(anon, make_user, demo):
    anon.force_login(make_user("taikhoan.g", "viewer", demo))
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        down = anon.get(reverse("criteria:catalogue"))
    assert down.status_code == 503
    assert "không kết nối được với cơ sở dữ liệu" in down.content.decode()
    assert anon.get(reverse("criteria:catalogue")).status_code == 200
