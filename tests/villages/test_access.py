import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from villages.access import commune_for_user


def test_the_commune_is_the_users_not_the_first_in_the_table(demo, commune, make_user):
    # The demo commune comes first by id; a user of the other commune never sees it.
    assert demo.pk < commune.pk
    user = make_user("viewer", "viewer", commune)
    assert commune_for_user(user) == commune


def test_an_account_without_profile_has_no_commune(make_user, demo):
    with pytest.raises(PermissionDenied):
        commune_for_user(make_user("nobody"))


def test_pages_are_about_the_users_commune(client, demo, commune, make_user):
    client.force_login(make_user("viewer", "viewer", commune))
    plans = client.get(reverse("plans:list"))
    assert list(plans.context["plans"]) == []  # the demo commune's 2024 plan is not theirs
    assert "Xã Thử Nghiệm" in plans.content.decode()


def test_an_account_without_profile_gets_403_on_a_commune_page(client, demo, make_user):
    client.force_login(make_user("nobody"))
    assert client.get(reverse("plans:list")).status_code == 403


def test_the_demo_administrator_belongs_to_the_demo_commune(demo, users):
    assert commune_for_user(users["admin"]) == demo
    assert users["admin"].profile.role == ""
