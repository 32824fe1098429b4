import pytest
from django.urls import reverse


@pytest.fixture
def signed_in(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="thon.hoploc"))
    return client


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("criteria:catalogue"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_catalogue_lists_criteria_indicators_thresholds_and_bodies(signed_in):
    page = signed_in.get(reverse("criteria:catalogue")).content.decode()
    assert "Tiêu chí 17. Môi trường và an toàn thực phẩm" in page
    assert "Tỷ lệ hộ được sử dụng nước sạch tập trung theo quy định" in page
    assert "≥ 20 %" in page
    assert "&lt; 6,5 %" in page
    assert "giá trị mẫu" in page
    assert "UBND xã" in page
    assert "Cần kiểm tra" in page or "cần kiểm tra" in page


def test_another_set_can_be_shown(signed_in):
    response = signed_in.get(reverse("criteria:catalogue"), {"set": "qd51-2026-2030"})
    assert response.status_code == 200
    assert "Tiếp cận pháp luật và an ninh, quốc phòng" in response.content.decode()


def test_unknown_set_is_404(signed_in):
    assert signed_in.get(reverse("criteria:catalogue"), {"set": "nope"}).status_code == 404


def test_catalogue_query_count_is_fixed(signed_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        signed_in.get(reverse("criteria:catalogue"))


def test_catalogue_is_read_only(signed_in):
    assert signed_in.post(reverse("criteria:catalogue")).status_code == 405


def test_threshold_nobody_set_is_not_configured(
    client, no_demo, commune, make_indicator, make_user
):
    make_indicator("2.1", kind="ratio", comparator=">=")
    client.force_login(make_user("viewer", role="viewer", commune=commune))
    assert "Chưa cấu hình" in client.get(reverse("criteria:catalogue")).content.decode()
