"""An administrator corrects wording and thresholds in the admin; bad thresholds are
refused with a Vietnamese message and nothing is saved."""

import pytest
from django.urls import reverse

from criteria.models import Indicator, Threshold


@pytest.fixture
def admin_client(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


@pytest.fixture
def draft_ratio(make_indicator):
    """A ratio indicator of a draft set: a published set (QĐ 318) is read-only."""
    return make_indicator("2.1", kind="ratio")


def post_threshold(admin_client, indicator, **fields):
    data = {
        "indicator": indicator.pk,
        "scope": "general",
        "comparator": ">=",
        "value": "20",
        "source": "",
        "region": "",
        "commune_group": "",
        "commune": "",
    }
    data.update(fields)
    return admin_client.post(reverse("admin:criteria_threshold_add"), data)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": "-5"}, "Ngưỡng không được âm"),
        ({"value": "120"}, "Tỷ lệ phần trăm phải từ 0 đến 100"),
        ({"value": ""}, "chưa nhập giá trị ngưỡng"),
        ({"scope": "region"}, "Hãy chọn đối tượng áp dụng ngưỡng này"),
    ],
)
def test_invalid_threshold_refused_in_vietnamese(admin_client, draft_ratio, fields, message):
    indicator = draft_ratio
    response = post_threshold(admin_client, indicator, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Threshold.objects.filter(indicator=indicator, scope="general").exists()


def test_valid_threshold_saved_as_percentage(admin_client, draft_ratio):
    indicator = draft_ratio
    response = post_threshold(admin_client, indicator, value="70")
    assert response.status_code == 302
    threshold = Threshold.objects.get(indicator=indicator, scope="general")
    assert threshold.is_percentage
    assert threshold.history.count() == 1


def test_admin_lists_every_model(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    for label in ["Bộ tiêu chí", "Chỉ tiêu", "Ngưỡng", "Thôn", "Sổ hộ", "Cơ quan phụ trách"]:
        assert label in page


def test_indicator_admin_search(admin_client):
    response = admin_client.get(reverse("admin:criteria_indicator_changelist"), {"q": "nước sạch"})
    assert "17.1" in response.content.decode()


def test_non_staff_cannot_open_admin(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="thuongtruc"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_a_published_set_is_read_only_in_the_admin(admin_client):
    """QĐ 318 is published: its indicators open read-only, a threshold cannot be added to
    them, nothing can be deleted; a commune's own threshold stays the commune's to set."""
    indicator = Indicator.objects.get(code="2.1", criteria_set__code="qd318-2021-2025")
    page = admin_client.get(reverse("admin:criteria_indicator_change", args=[indicator.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = post_threshold(admin_client, indicator, value="70")
    assert response.status_code == 200
    assert "đã công bố" in response.content.decode()
    assert not Threshold.objects.filter(indicator=indicator, scope="general").exists()
    delete = reverse("admin:criteria_indicator_delete", args=[indicator.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    override = post_threshold(
        admin_client,
        indicator,
        scope="commune",
        commune=str(indicator.criteria_set.communes.get().pk),
        value="70",
    )
    assert override.status_code == 302
