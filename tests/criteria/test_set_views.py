"""Criteria set pages as the province administrator uses them: upload a file, preview,
confirm a draft, edit it, publish it, correct it with a new version and read the diff;
who may read and change what; query counts pinned."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from criteria.models import CriteriaSet, Criterion, Indicator, SetStatus, Threshold
from criteria.set_services import PublishedSet, indicator_save, set_file_confirm, set_file_store
from tests.criteria.set_files import INDICATORS, TEST_SET_CODE, WATER, set_file
from villages.models import Commune, Profile, Province, Role

QD318 = "qd318-2021-2025"
QD51 = "qd51-2026-2030"


@pytest.fixture
def province_admin(demo, django_user_model):
    user = django_user_model.objects.create_user("tinh.quantri")
    Profile.objects.create(
        user=user, province=demo.province, commune=demo, role=Role.PROVINCE_ADMIN
    )
    return user


@pytest.fixture
def admin_client(client, province_admin):
    client.force_login(province_admin)
    return client


@pytest.fixture
def draft(province_admin, demo):
    upload = set_file_store(
        user=province_admin, province=demo.province, name="thu.xlsx", data=set_file()
    )
    return set_file_confirm(upload=upload)


def upload(client, data: bytes, name: str = "bo-tieu-chi.xlsx"):
    return client.post(reverse("sets:upload"), {"file": SimpleUploadedFile(name, data)})


def test_upload_previews_then_confirm_saves_a_draft_of_the_province(admin_client, demo):
    before = CriteriaSet.objects.count()
    response = upload(admin_client, set_file())
    assert response.status_code == 302
    preview = admin_client.get(response["Location"])
    text = preview.content.decode()
    assert "3 tiêu chí · 3 chỉ tiêu · 4 ngưỡng · 1 dòng đối chiếu · 0 hàng bị từ chối" in text
    assert CriteriaSet.objects.count() == before  # nothing written before confirming
    confirmed = admin_client.post(response["Location"])
    created = CriteriaSet.objects.get(code=TEST_SET_CODE)
    assert confirmed["Location"] == reverse("sets:detail", kwargs={"code": created.code})
    assert created.status == SetStatus.DRAFT and created.owner_province == demo.province


def test_a_bad_file_lists_each_refused_cell_and_cannot_be_confirmed(admin_client):
    response = upload(admin_client, set_file(indicators=[*INDICATORS, INDICATORS[0]]))
    preview = admin_client.get(response["Location"]).content.decode()
    assert "Sheet Chỉ tiêu, hàng 7, ô A7: mã 1.1 đã dùng ở hàng 4." in preview
    assert 'data-testid="confirm"' not in preview
    admin_client.post(response["Location"])
    assert not CriteriaSet.objects.filter(code=TEST_SET_CODE).exists()


def test_a_file_that_is_not_a_workbook_is_refused_on_the_form(admin_client):
    response = upload(admin_client, b"ma,ten\n1,2\n", name="bo.csv")
    assert response.status_code == 200
    assert "Chỉ tải lên được tệp Excel" in response.content.decode()


def test_draft_publish_new_version_and_diff(admin_client, draft, demo):
    other = Commune.objects.create(name="Khác", province=demo.province)
    versions = {c.pk: c.data_version for c in Commune.objects.filter(province=demo.province)}
    detail = reverse("sets:detail", kwargs={"code": draft.code})
    assert "Thêm chỉ tiêu" in admin_client.get(detail).content.decode()

    admin_client.post(reverse("sets:publish", kwargs={"code": draft.code}))
    draft.refresh_from_db()
    assert draft.status == SetStatus.PUBLISHED and draft.published_by.username == "tinh.quantri"
    assert draft in demo.province.criteria_sets.all()
    for commune in Commune.objects.filter(pk__in=[demo.pk, other.pk]):
        assert commune.data_version > versions[commune.pk]
    page = admin_client.get(detail).content.decode()
    assert "Thêm chỉ tiêu" not in page and "Tạo phiên bản sửa đổi" in page

    response = admin_client.post(
        reverse("sets:new_version", kwargs={"code": draft.code}), {"valid_from": "15/06/2026"}
    )
    correction = CriteriaSet.objects.get(previous_version=draft)
    assert response["Location"] == reverse("sets:detail", kwargs={"code": correction.code})
    assert (correction.code, correction.version) == (f"{TEST_SET_CODE}-v2", 2)
    assert correction.valid_from == datetime.date(2026, 6, 1)
    assert correction.status == SetStatus.DRAFT
    assert correction.indicators.count() == 3 and correction.crosswalks.count() == 1

    # Correct it: group 1's water threshold, a new indicator, one removed, one renamed.
    code = correction.code
    admin_client.post(
        reverse("sets:threshold", kwargs={"code": code, "indicator": WATER}),
        {"scope": "commune_group", "commune_group": "1", "comparator": ">=", "value": "65"},
    )
    admin_client.post(
        reverse("sets:indicator_add", kwargs={"code": code}),
        {
            "code": "3.2",
            "criterion": correction.criteria.get(number=3).pk,
            "name": "Chỉ tiêu mới (dữ liệu thử)",
            "kind": "boolean",
        },
    )
    admin_client.post(
        reverse("sets:indicator_action", kwargs={"code": code, "indicator": "3.1"}),
        {"action": "delete"},
    )
    water = correction.indicators.get(code=WATER)
    admin_client.post(
        reverse("sets:indicator_edit", kwargs={"code": code, "indicator": WATER}),
        {
            "code": WATER,
            "criterion": water.criterion_id,
            "name": "Tỷ lệ hộ dùng nước sạch theo quy chuẩn (dữ liệu thử)",
            "kind": "ratio",
            "comparator": ">=",
            "denominator_source": "households",
            "per_village": "on",
        },
    )
    assert water.thresholds.get(commune_group=1).value == 65
    assert water.history.count() == 2  # created, then renamed: each change kept

    diff = admin_client.get(reverse("sets:diff", kwargs={"code": code})).content.decode()
    assert "Thêm mới: <strong>3.2</strong>" in diff
    assert "Bỏ: <strong>3.1</strong>" in diff
    assert "<del>60 %</del> → <ins>65 %</ins>" in diff
    assert "theo quy chuẩn" in diff
    # The published version was not touched.
    assert draft.indicators.get(code=WATER).thresholds.get(commune_group=1).value == 60


def test_publishing_a_set_without_indicators_is_refused(admin_client):
    response = admin_client.post(reverse("sets:publish", kwargs={"code": QD51}), follow=True)
    assert "Không thể công bố bộ tiêu chí chưa có chỉ tiêu" in response.content.decode()
    assert CriteriaSet.objects.get(code=QD51).status == SetStatus.DRAFT


def test_a_published_set_is_read_only_everywhere(admin_client):
    qd318 = CriteriaSet.objects.get(code=QD318)
    page = admin_client.get(reverse("sets:detail", kwargs={"code": QD318})).content.decode()
    assert "Thêm tiêu chí" not in page and "Đặt ngưỡng" not in page
    response = admin_client.post(
        reverse("sets:criterion_add", kwargs={"code": QD318}), {"number": 20, "name": "Thử"}
    )
    assert response.status_code == 403
    assert not qd318.criteria.filter(number=20).exists()
    indicator = qd318.indicators.get(code="17.1")
    indicator.name = "Đổi tên"
    with pytest.raises(PublishedSet):
        indicator_save(indicator=indicator)
    assert Indicator.objects.get(pk=indicator.pk).name != "Đổi tên"


def test_criteria_and_indicators_are_reordered(admin_client, draft):
    code = draft.code
    admin_client.post(
        reverse("sets:criterion_action", kwargs={"code": code, "number": 2}), {"action": "up"}
    )
    names = list(draft.criteria.order_by("number").values_list("name", flat=True))
    assert names[:2] == ["Nước sạch và môi trường (dữ liệu thử)", "Quy hoạch (dữ liệu thử)"]
    admin_client.post(
        reverse("sets:indicator_action", kwargs={"code": code, "indicator": "3.1"}),
        {"action": "up"},
    )
    order = list(draft.indicators.order_by("position").values_list("code", flat=True))
    assert order == ["1.1", "3.1", WATER]


def test_a_threshold_for_a_group_that_does_not_exist_is_refused(admin_client, draft):
    response = admin_client.post(
        reverse("sets:threshold", kwargs={"code": draft.code, "indicator": "3.1"}),
        {"scope": "commune_group", "commune_group": "4", "comparator": ">=", "value": "5"},
    )
    assert response.status_code == 400
    assert not Threshold.objects.filter(indicator__criteria_set=draft, commune_group=4).exists()


def test_who_may_read_and_change_a_draft(client, draft, django_user_model, users):
    detail = reverse("sets:detail", kwargs={"code": draft.code})
    add = reverse("sets:criterion_add", kwargs={"code": draft.code})
    assert client.get(detail).status_code == 302  # anonymous: the login page
    client.force_login(users["thuongtruc"])  # a commune user of the province reads it
    assert client.get(detail).status_code == 200
    assert client.post(add, {"number": 9, "name": "Thử"}).status_code == 403
    elsewhere = Province.objects.create(name="Tỉnh khác")
    stranger = django_user_model.objects.create_user("tinh.khac")
    Profile.objects.create(user=stranger, province=elsewhere, role=Role.PROVINCE_ADMIN)
    client.force_login(stranger)
    assert client.get(detail).status_code == 404
    assert client.post(add, {"number": 9, "name": "Thử"}).status_code == 404
    assert client.get(reverse("sets:detail", kwargs={"code": QD318})).status_code == 200
    assert not Criterion.objects.filter(criteria_set=draft, number=9).exists()


def test_the_commune_administrator_of_a_single_commune_installation_publishes(client, users, demo):
    """Quang Trung is its province's only commune: its administrator (staff) manages sets."""
    set_a = set_file_confirm(
        upload=set_file_store(user=users["admin"], province=None, name="a.xlsx", data=set_file())
    )
    client.force_login(users["admin"])
    client.post(reverse("sets:publish", kwargs={"code": set_a.code}))
    assert set_a in demo.province.criteria_sets.all()


# Each with the menu's unread count (the bell, notifications/context_processors.py).
@pytest.mark.parametrize(("name", "queries"), [("list", 5), ("detail", 10), ("diff", 12)])
def test_set_pages_have_a_fixed_number_of_queries(
    admin_client, draft, django_assert_num_queries, name, queries
):
    """The same count for QĐ 318 (19 criteria, 54 indicators) and the 3-indicator test
    set, each corrected by a new version (the diff compares a version with its previous)."""
    from criteria.set_services import set_publish, set_version_create

    set_publish(criteria_set=draft, province=draft.owner_province, user=None)
    sizes = []
    for code, year in ((QD318, 2025), (TEST_SET_CODE, 2026)):
        correction = set_version_create(
            criteria_set=CriteriaSet.objects.get(code=code),
            valid_from=datetime.date(year, 6, 1),
            user=None,
        )
        sizes.append({"code": correction.code})
    if name == "list":
        sizes = [{}]
        CriteriaSet.objects.create(code="them", title="Thêm", valid_from=datetime.date(2026, 1, 1))
    for arguments in sizes:
        url = reverse(f"sets:{name}", kwargs=arguments)
        with django_assert_num_queries(queries):
            assert admin_client.get(url).status_code == 200


def test_a_threshold_opens_with_its_values_and_is_changed_in_place(admin_client, draft):
    url = reverse("sets:threshold", kwargs={"code": draft.code, "indicator": WATER})
    page = admin_client.get(url, {"scope": "commune_group", "commune_group": "2"})
    assert page.context["form"].instance.value == 50
    admin_client.post(
        url,
        {
            "scope": "commune_group",
            "commune_group": "2",
            "comparator": ">=",
            "value": "55",
            "source": "Sửa thử",
        },
    )
    thresholds = Threshold.objects.filter(indicator__criteria_set=draft, commune_group=2)
    assert [(t.value, t.source) for t in thresholds] == [(55, "Sửa thử")]
    assert thresholds[0].history.count() == 2


def test_an_indicator_with_thresholds_cannot_become_met_or_not_met(admin_client, draft):
    water = draft.indicators.get(code=WATER)
    response = admin_client.post(
        reverse("sets:indicator_edit", kwargs={"code": draft.code, "indicator": WATER}),
        {"code": WATER, "criterion": water.criterion_id, "name": water.name, "kind": "boolean"},
    )
    assert response.status_code == 400
    assert "hãy xóa các ngưỡng của chỉ tiêu trước" in response.content.decode()
    water.refresh_from_db()
    assert water.kind == "ratio" and water.thresholds.count() == 3
