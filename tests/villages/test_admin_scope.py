"""The administration site scoped by commune: a staff account attached to a commune sees
only its commune's rows and cannot open another commune's; a province account its
province's communes'; a superuser everything."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from criteria.models import IndicatorRecord, Threshold
from plans.models import Task
from villages.admin import CommuneScopedAdmin
from villages.models import Commune, Profile, Province, Role, Village

# Rows with a commune that are not the commune's own: a threshold set for one commune
# overrides a shared criteria set, which the administrator of the set maintains.
SHARED = {Threshold}


@pytest.fixture
def other(demo):
    commune = Commune.objects.create(
        name="Khác", province=demo.province, criteria_set=demo.criteria_set
    )
    Village.objects.create(commune=commune, name="Một")
    return commune


def staff(username, **profile):
    user = get_user_model().objects.create_user(username, is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    Profile.objects.create(user=user, **profile)
    return get_user_model().objects.get(pk=user.pk)  # permissions not cached


def names(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {str(row) for row in response.context["cl"].result_list}


def test_a_commune_staff_account_sees_only_its_villages(client, demo, other):
    client.force_login(staff("qt.staff", commune=other, role=Role.STANDING))
    assert names(client, reverse("admin:villages_village_changelist")) == {"Thôn Một"}


def test_another_communes_row_cannot_be_opened(client, demo, other):
    client.force_login(staff("qt.staff", commune=other, role=Role.STANDING))
    hop_loc = Village.objects.get(commune=demo, name="Hợp Lộc")
    for view in ("change", "delete", "history"):
        response = client.get(reverse(f"admin:villages_village_{view}", args=[hop_loc.pk]))
        assert response.status_code in (302, 404), view
        assert "Hợp Lộc" not in response.content.decode()
    response = client.post(
        reverse("admin:villages_village_delete", args=[hop_loc.pk]), {"post": "yes"}
    )
    assert Village.objects.filter(pk=hop_loc.pk).exists()


def test_the_commune_choices_are_the_accounts_own(client, demo, other):
    client.force_login(staff("qt.staff", commune=other, role=Role.STANDING))
    form = client.get(reverse("admin:villages_village_add")).context["adminform"].form
    assert list(form.fields["commune"].queryset) == [other]


def test_a_province_staff_account_sees_its_provinces_communes(client, demo, other):
    elsewhere = Commune.objects.create(name="Xa", province=Province.objects.create(name="Xa"))
    Village.objects.create(commune=elsewhere, name="Xa Một")
    client.force_login(staff("tinh.staff", province=demo.province, role=Role.PROVINCE_ADMIN))
    shown = names(client, reverse("admin:villages_village_changelist"))
    assert "Thôn Một" in shown and "Thôn Hợp Lộc" in shown
    assert "Thôn Xa Một" not in shown
    communes = names(client, reverse("admin:villages_commune_changelist"))
    assert communes == {"Xã Quang Trung", "Xã Khác"}


def test_a_superuser_sees_every_commune(client, demo, other):
    client.force_login(get_user_model().objects.get(username="admin"))
    shown = names(client, reverse("admin:villages_village_changelist"))
    assert {"Thôn Một", "Thôn Hợp Lộc"} <= shown


def test_records_and_tasks_are_scoped_too(client, demo, other):
    client.force_login(staff("qt.staff", commune=other, role=Role.STANDING))
    assert IndicatorRecord.objects.filter(commune=demo).exists()
    assert names(client, reverse("admin:criteria_indicatorrecord_changelist")) == set()
    assert Task.objects.filter(plan__commune=demo).exists()
    assert names(client, reverse("admin:plans_task_changelist")) == set()


def test_every_commune_owned_admin_is_scoped(demo, other):
    """A new model with a commune gets a scoped admin, or this fails."""
    for model, model_admin in admin.site._registry.items():
        owned = any(
            field.is_relation and field.related_model is Commune
            for field in model._meta.get_fields()
            if field.many_to_one
        )
        if owned and model not in SHARED:
            assert isinstance(model_admin, CommuneScopedAdmin), model.__name__


@pytest.mark.parametrize(
    "model_admin",
    [a for a in admin.site._registry.values() if isinstance(a, CommuneScopedAdmin)],
    ids=lambda a: a.model.__name__,
)
def test_every_scoped_list_holds_only_the_communes_rows(demo, other, model_admin):
    user = staff("qt.staff", commune=demo, role=Role.STANDING)
    request = RequestFactory().get("/")
    request.user = user
    lookup = model_admin.commune_lookup
    if model_admin.model is Profile:
        lookup = "commune"
    if lookup == "communes":
        rows = model_admin.get_queryset(request)
        assert set(rows) == {demo.province}
        return
    path = f"{lookup}__pk" if lookup else "pk"
    communes = set(model_admin.get_queryset(request).values_list(path, flat=True))
    assert communes <= {demo.pk}
