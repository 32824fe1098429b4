from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.reports.conftest import fake_pdf  # noqa: F401 (fixture)
from villages.models import Commune, Profile, Province, Role, Village


@pytest.fixture
def province_staff(demo):
    """The demo province's coordinator (reading Quang Trung), Quang Trung's standing
    member and head, a second commune with its standing member, and a coordinator of
    another province."""
    return make_province_staff(demo)


def make_province_staff(demo: Commune) -> SimpleNamespace:
    """`province_staff`, for a module-scoped fixture too."""
    users = get_user_model().objects
    coordinator = users.create_user("test-dieuphoi", first_name="Hà", last_name="Lê")
    Profile.objects.create(
        user=coordinator, province=demo.province, commune=demo, role=Role.COORDINATOR
    )
    other = Commune.objects.create(
        name="Khác", province=demo.province, criteria_set=demo.criteria_set, commune_group=3
    )
    Village.objects.create(commune=other, name="Một")
    other_standing = users.create_user("test-khac")
    Profile.objects.create(user=other_standing, commune=other, role=Role.STANDING)
    elsewhere = Province.objects.create(name="Tỉnh khác")
    stranger = users.create_user("test-tinh-khac")
    Profile.objects.create(user=stranger, province=elsewhere, role=Role.COORDINATOR)
    return SimpleNamespace(
        coordinator=coordinator,
        standing=users.get(username="thuongtruc"),
        head=users.get(username="truongban"),
        other=other,
        other_standing=other_standing,
        stranger=stranger,
    )


STRONG = "Quang-Trung#2025x"


def signs_in(username: str, password: str) -> bool:
    """Through the sign-in page (django-axes needs the request)."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.fixture
def admin_client(demo, province_staff):
    """The province administrator (of the demo province), signed in; `.user` is them."""
    user = get_user_model().objects.create_user("test-quantri")
    Profile.objects.create(
        user=user, province=demo.province, commune=demo, role=Role.PROVINCE_ADMIN
    )
    client = Client()
    client.force_login(user)
    client.user = user
    return client
