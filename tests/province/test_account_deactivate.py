"""Deactivating a commune's account from the province administrator's pages: a GET shows
who, of which commune, and what it means; only the page's own POST deactivates."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.province.conftest import STRONG, signs_in


@pytest.fixture
def farmer(demo):
    user = get_user_model().objects.get(username="hoinongdan")
    user.set_password(STRONG)
    user.save()
    return user


def url_of(commune, user) -> str:
    return reverse("province:account_deactivate", kwargs={"pk": commune.pk, "user_pk": user.pk})


def test_the_page_says_who_where_and_what_happens(admin_client, demo, farmer):
    response = admin_client.get(url_of(demo, farmer))
    assert response.status_code == 200
    page = response.content.decode().split('data-testid="deactivate"')[1]
    assert "hoinongdan" in page and demo.full_name in page
    assert "không thể đăng nhập được nữa" in page
    assert "Không mất dữ liệu nào họ đã nhập" in page
    farmer.refresh_from_db()
    assert farmer.is_active  # reading the page changes nothing


def test_the_commune_page_links_to_the_confirmation(admin_client, demo, farmer):
    page = admin_client.get(reverse("province:commune", kwargs={"pk": demo.pk})).content.decode()
    assert f'href="{url_of(demo, farmer)}"' in page


def test_confirming_deactivates_and_the_user_cannot_sign_in(admin_client, demo, farmer):
    response = admin_client.post(url_of(demo, farmer), {"confirm": "True"})
    assert response.status_code == 302
    assert response.url == reverse("province:commune", kwargs={"pk": demo.pk})
    farmer.refresh_from_db()
    assert not farmer.is_active
    assert not signs_in("hoinongdan", STRONG)


def test_a_post_without_the_confirmation_field_deactivates_nobody(admin_client, demo, farmer):
    response = admin_client.post(url_of(demo, farmer))
    assert response.status_code == 400
    assert "confirm" in response.context["form"].errors
    farmer.refresh_from_db()
    assert farmer.is_active


def test_an_account_of_another_province_is_unknown(admin_client, demo):
    from villages.models import Commune, Profile, Province, Role

    province = Province.objects.create(name="Tỉnh xa", code="99")
    commune = Commune.objects.create(name="Xa", province=province, criteria_set=demo.criteria_set)
    user = get_user_model().objects.create_user("test-xa")
    Profile.objects.create(user=user, commune=commune, role=Role.STANDING)
    assert admin_client.get(url_of(commune, user)).status_code == 404
    assert admin_client.post(url_of(commune, user), {"confirm": "True"}).status_code == 404
    user.refresh_from_db()
    assert user.is_active


def test_a_province_account_is_unknown_here(admin_client, demo):
    """The administrator's own account (a province role) is not one of the commune's."""
    url = url_of(demo, admin_client.user)
    assert admin_client.post(url, {"confirm": "True"}).status_code == 404
    admin_client.user.refresh_from_db()
    assert admin_client.user.is_active


@pytest.mark.parametrize("who", ["coordinator", "standing", "head"])
def test_other_roles_get_403(client, province_staff, demo, farmer, who):
    client.force_login(getattr(province_staff, who))
    assert client.get(url_of(demo, farmer)).status_code == 403
    assert client.post(url_of(demo, farmer), {"confirm": "True"}).status_code == 403
    farmer.refresh_from_db()
    assert farmer.is_active


def test_anonymous_goes_to_sign_in(client, demo, farmer):
    response = client.get(url_of(demo, farmer))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_wrong_method(admin_client, demo, farmer):
    assert admin_client.put(url_of(demo, farmer)).status_code == 405
