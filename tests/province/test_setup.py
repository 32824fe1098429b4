"""The province administrator's pages: communes, villages, bodies, first accounts,
deactivation. Scoped to the administrator's province (another province's commune:
404); a coordinator and a commune's roles get 403."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.province.conftest import STRONG, signs_in
from villages.models import (
    BodyKind,
    Commune,
    Profile,
    Province,
    ResponsibleBody,
    Role,
    Village,
)


@pytest.fixture
def foreign_commune(demo):
    """A commune of another province, with a village, a body and an account."""
    province = Province.objects.create(name="Tỉnh xa", code="99")
    commune = Commune.objects.create(name="Xa", province=province, criteria_set=demo.criteria_set)
    village = Village.objects.create(commune=commune, name="Xa Một")
    body = ResponsibleBody.objects.create(commune=commune, name="UBND xã Xa", kind="other")
    user = get_user_model().objects.create_user("test-xa")
    Profile.objects.create(user=user, commune=commune, role=Role.STANDING)
    return commune, village, body, user


def commune_data(**extra):
    data = {
        "name": "Tân Lập",
        "code": "16300",
        "commune_group": "2",
        "region": "north_central",
        "superior_body": "Văn phòng Điều phối nông thôn mới tỉnh",
        "recipients": "Như trên\nLưu: VT",
        "report_due_day": "16",
        "data_cutoff_day": "14",
        "signer_name": "",
    }
    return data | extra


def test_the_new_commune_form_starts_from_the_province(admin_client, demo):
    demo.province.office_name = "VP Điều phối NTM tỉnh Thanh Hóa"
    demo.province.report_due_day = 12
    demo.province.save()
    form = admin_client.get(reverse("province:commune_create")).context["form"]
    assert form.initial["superior_body"] == "VP Điều phối NTM tỉnh Thanh Hóa"
    assert form.initial["report_due_day"] == 12
    assert form.initial["data_cutoff_day"] == 10
    assert form.initial["region"] == demo.region


def test_admin_creates_a_commune_of_their_province(admin_client, demo):
    data = commune_data(criteria_set=demo.criteria_set_id)
    response = admin_client.post(reverse("province:commune_create"), data)
    commune = Commune.objects.get(name="Tân Lập")
    assert response.status_code == 302
    assert response.url == reverse("province:commune", kwargs={"pk": commune.pk})
    assert commune.province == demo.province
    assert (commune.code, commune.commune_group, commune.criteria_set) == (
        "16300",
        2,
        demo.criteria_set,
    )


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"name": "quang trung"}, "name"),
        ({"name": ""}, "name"),
        ({"commune_group": "4"}, "commune_group"),
        ({"commune_group": ""}, "commune_group"),
        ({"report_due_day": "30"}, "report_due_day"),
        ({"data_cutoff_day": "20", "report_due_day": "16"}, "data_cutoff_day"),
    ],
)
def test_a_bad_commune_is_refused_in_vietnamese(admin_client, demo, extra, field):
    before = Commune.objects.count()
    data = commune_data(criteria_set=demo.criteria_set_id) | extra
    response = admin_client.post(reverse("province:commune_create"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Commune.objects.count() == before


def test_a_commune_code_is_unique_in_the_province(admin_client, demo):
    demo.code = "16279"
    demo.save()
    data = commune_data(criteria_set=demo.criteria_set_id, code="16279")
    response = admin_client.post(reverse("province:commune_create"), data)
    assert response.context["form"].errors["code"] == ["Đã có xã mang mã này."]


def test_admin_changes_a_communes_group_and_its_version_rises(admin_client, province_staff):
    other = province_staff.other
    before = other.data_version
    data = commune_data(name=other.name, code="", commune_group="1")
    data["criteria_set"] = other.criteria_set_id
    response = admin_client.post(reverse("province:commune_edit", kwargs={"pk": other.pk}), data)
    other.refresh_from_db()
    assert response.status_code == 302
    assert other.commune_group == 1
    assert other.data_version > before


def test_admin_adds_and_renames_a_village(admin_client, demo):
    url = reverse("province:village_create", kwargs={"pk": demo.pk})
    response = admin_client.post(url, {"name": "Thôn Mới", "head_name": "Ông Lê", "position": ""})
    village = Village.objects.get(commune=demo, name="Thôn Mới")
    assert response.status_code == 302
    assert village.position == demo.villages.count()
    url = reverse("province:village_edit", kwargs={"pk": demo.pk, "village_pk": village.pk})
    admin_client.post(url, {"name": "Thôn Mới Sửa", "head_name": "", "position": "3"})
    village.refresh_from_db()
    assert (village.name, village.position) == ("Thôn Mới Sửa", 3)


def test_a_village_name_in_another_case_is_refused(admin_client, demo):
    url = reverse("province:village_create", kwargs={"pk": demo.pk})
    response = admin_client.post(url, {"name": "HỢP LỘC", "head_name": "", "position": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["Đã có thôn mang tên này."]
    assert demo.villages.filter(name__iexact="hợp lộc").count() == 1


def test_admin_adds_a_body_through_the_bodies_form(admin_client, demo):
    village = Village.objects.create(commune=demo, name="Thôn Riêng")
    url = reverse("province:body_create", kwargs={"pk": demo.pk})
    data = {"name": "Thôn Riêng", "kind": BodyKind.VILLAGE, "village": village.pk, "position": 50}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert ResponsibleBody.objects.get(commune=demo, name="Thôn Riêng").village == village


def test_a_body_cannot_take_another_communes_village(admin_client, demo, foreign_commune):
    _commune, village, _body, _user = foreign_commune
    url = reverse("province:body_create", kwargs={"pk": demo.pk})
    data = {"name": "Lạc", "kind": BodyKind.VILLAGE, "village": village.pk, "position": 1}
    response = admin_client.post(url, data)
    assert response.status_code == 400
    assert "village" in response.context["form"].errors
    assert not ResponsibleBody.objects.filter(name="Lạc").exists()


def test_admin_creates_an_account_and_its_password_is_shown_once(admin_client, demo):
    url = reverse("province:account_create", kwargs={"pk": demo.pk})
    data = {"username": "tt.moi", "first_name": "An", "last_name": "Lê", "role": Role.STANDING}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = response.context["password"]
    user = get_user_model().objects.get(username="tt.moi")
    assert user.check_password(password)
    assert (user.profile.commune, user.profile.role) == (demo, Role.STANDING)
    assert (
        password
        not in admin_client.get(
            reverse("province:commune", kwargs={"pk": demo.pk})
        ).content.decode()
    )
    assert signs_in("tt.moi", password)


def test_an_officer_account_joins_their_body(admin_client, demo):
    body = ResponsibleBody.objects.get(commune=demo, name="Hội Nông dân xã")
    url = reverse("province:account_create", kwargs={"pk": demo.pk})
    data = {"username": "cb.moi", "role": Role.OFFICER, "body": body.pk, "password": STRONG}
    admin_client.post(url, data)
    user = get_user_model().objects.get(username="cb.moi")
    assert list(user.bodies.all()) == [body]
    assert user.check_password(STRONG)


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"password": "12345678"}, "password"),  # common and numeric
        ({"password": "ngắn"}, "password"),
        ({"username": "THUONGTRUC"}, "username"),  # taken, in another case
        ({"username": "có dấu cách"}, "username"),
        ({"role": Role.PROVINCE_ADMIN}, "role"),
        ({"role": Role.OFFICER}, "body"),
    ],
)
def test_a_bad_account_is_refused(admin_client, demo, extra, field):
    before = get_user_model().objects.count()
    url = reverse("province:account_create", kwargs={"pk": demo.pk})
    data = {"username": "tt.moi", "role": Role.STANDING} | extra
    response = admin_client.post(url, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert get_user_model().objects.count() == before


def test_a_deactivated_user_is_reactivated(admin_client, demo):
    user = get_user_model().objects.get(username="hoinongdan")
    user.set_password(STRONG)
    user.is_active = False
    user.save()
    url = reverse("province:account_active", kwargs={"pk": demo.pk, "user_pk": user.pk})
    response = admin_client.post(url, {"active": "on"})
    assert response.url == reverse("province:commune", kwargs={"pk": demo.pk})
    user.refresh_from_db()
    assert user.is_active
    assert signs_in("hoinongdan", STRONG)


def test_a_post_without_the_check_box_deactivates_nobody(admin_client, demo):
    """Deactivating goes through its confirmation page (test_account_deactivate.py): a
    bare POST here, as the page sent before, is sent there and changes nothing."""
    user = get_user_model().objects.get(username="hoinongdan")
    url = reverse("province:account_active", kwargs={"pk": demo.pk, "user_pk": user.pk})
    response = admin_client.post(url)
    assert response.status_code == 302
    assert response.url == reverse(
        "province:account_deactivate", kwargs={"pk": demo.pk, "user_pk": user.pk}
    )
    user.refresh_from_db()
    assert user.is_active


def test_the_admin_cannot_deactivate_themselves(admin_client, demo):
    url = reverse(
        "province:account_active", kwargs={"pk": demo.pk, "user_pk": admin_client.user.pk}
    )
    # A province account is not one of the commune's: unknown here.
    assert admin_client.post(url).status_code == 404
    admin_client.user.refresh_from_db()
    assert admin_client.user.is_active


def test_the_service_refuses_self_deactivation(admin_client):
    from django.core.exceptions import ValidationError

    from villages.services import account_set_active

    with pytest.raises(ValidationError):
        account_set_active(account=admin_client.user, active=False, by=admin_client.user)


def test_another_provinces_objects_are_unknown(admin_client, foreign_commune):
    commune, village, body, user = foreign_commune
    assert (
        admin_client.get(reverse("province:commune", kwargs={"pk": commune.pk})).status_code == 404
    )
    urls = [
        reverse("province:commune_edit", kwargs={"pk": commune.pk}),
        reverse("province:village_create", kwargs={"pk": commune.pk}),
        reverse("province:village_edit", kwargs={"pk": commune.pk, "village_pk": village.pk}),
        reverse("province:body_create", kwargs={"pk": commune.pk}),
        reverse("province:body_edit", kwargs={"pk": commune.pk, "body_pk": body.pk}),
        reverse("province:account_create", kwargs={"pk": commune.pk}),
    ]
    for url in urls:
        assert admin_client.get(url).status_code == 404, url
        assert admin_client.post(url, {"name": "X"}).status_code == 404, url
    url = reverse("province:account_active", kwargs={"pk": commune.pk, "user_pk": user.pk})
    assert admin_client.post(url).status_code == 404
    user.refresh_from_db()
    assert user.is_active
    assert Village.objects.get(pk=village.pk).name == "Xa Một"


def test_an_object_of_one_commune_is_unknown_under_another(admin_client, demo, province_staff):
    village = Village.objects.get(commune=province_staff.other)
    url = reverse("province:village_edit", kwargs={"pk": demo.pk, "village_pk": village.pk})
    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "standing", "head", "other_standing"])
def test_other_roles_get_403(client, province_staff, demo, who):
    client.force_login(getattr(province_staff, who))
    assert client.get(reverse("province:communes")).status_code == 403
    assert client.post(reverse("province:commune_create"), commune_data()).status_code == 403
    assert client.get(reverse("province:commune", kwargs={"pk": demo.pk})).status_code == 403


def test_anonymous_goes_to_sign_in(client, demo):
    response = client.get(reverse("province:commune", kwargs={"pk": demo.pk}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_wrong_method(admin_client, demo):
    assert admin_client.post(reverse("province:communes")).status_code == 405
    url = reverse("province:account_active", kwargs={"pk": demo.pk, "user_pk": 1})
    assert admin_client.get(url).status_code == 405


def _add_communes(province, criteria_set, count):
    for n in range(count):
        commune = Commune.objects.create(
            name=f"Số {n}", province=province, criteria_set=criteria_set
        )
        Village.objects.create(commune=commune, name="Một")
        ResponsibleBody.objects.create(commune=commune, name="UBND", kind="other")


@pytest.mark.parametrize("extra", [0, 40])
def test_communes_page_queries_do_not_grow(admin_client, demo, extra, django_assert_num_queries):
    _add_communes(demo.province, demo.criteria_set, extra)
    with django_assert_num_queries(5):  # 4 + the bell's unread count
        response = admin_client.get(reverse("province:communes"))
    assert len(response.context["communes"]) == 2 + extra


@pytest.mark.parametrize("extra", [0, 30])
def test_commune_page_queries_do_not_grow(admin_client, demo, extra, django_assert_num_queries):
    users = get_user_model().objects
    for n in range(extra):
        Village.objects.create(commune=demo, name=f"Phụ {n}")
        user = users.create_user(f"phu{n}")
        Profile.objects.create(user=user, commune=demo, role=Role.VIEWER)
    with django_assert_num_queries(9):  # 8 + the bell's unread count
        response = admin_client.get(reverse("province:commune", kwargs={"pk": demo.pk}))
    assert response.status_code == 200


def test_a_new_account_must_change_its_initial_password_first(admin_client, demo):
    url = reverse("province:account_create", kwargs={"pk": demo.pk})
    data = {"username": "tt.moi", "role": Role.STANDING}
    password = admin_client.post(url, data).context["password"]
    person = Client()
    person.post(reverse("login"), {"username": "tt.moi", "password": password})
    response = person.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("password_change")
    assert person.get(reverse("password_change")).status_code == 200
    changed = person.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": STRONG, "new_password2": STRONG},
    )
    assert changed.status_code == 302
    assert person.get(reverse("home")).status_code == 200
    assert not get_user_model().objects.get(username="tt.moi").profile.must_change_password
