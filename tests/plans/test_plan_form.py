import datetime

import pytest
from django.urls import reverse

from plans.models import LegalBasis, Milestone, Plan


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def data(**fields):
    values = {
        "year": "2025",
        "number": "5/KH-UBND",
        "date": "15/01/2025",
        "issuing_body": "ỦY BAN NHÂN DÂN",
        "title": "Kế hoạch năm 2025",
        **management("bases", 1),
        "bases-0-position": "1",
        "bases-0-kind": "Nghị quyết",
        "bases-0-number": "40/NQ-HĐND",
        "bases-0-date": "20/12/2024",
        "bases-0-issuer": "Hội đồng nhân dân xã",
        **management("milestones", 1),
        "milestones-0-quarter": "1",
        "milestones-0-description": "Ban hành Kế hoạch",
    }
    values.update(fields)
    return values


def test_standing_member_creates_a_plan_with_its_bases_and_milestones(client, commune, standing):
    client.force_login(standing)
    assert client.get(reverse("plans:create")).status_code == 200
    response = client.post(reverse("plans:create"), data())
    assert response.status_code == 302
    plan = Plan.objects.get(year=2025)
    assert (plan.commune, plan.criteria_set, plan.date) == (
        commune,
        commune.criteria_set,
        datetime.date(2025, 1, 15),
    )
    assert LegalBasis.objects.get(plan=plan).number == "40/NQ-HĐND"
    assert Milestone.objects.get(plan=plan).quarter == 1


def test_a_second_plan_for_the_same_year_is_refused(client, plan, standing):
    client.force_login(standing)
    response = client.post(reverse("plans:create"), data(year="2024"))
    assert response.status_code == 400
    assert "year" in response.context["form"].errors
    assert Plan.objects.count() == 1
    assert not LegalBasis.objects.exists()


def test_more_criteria_met_than_the_set_has_is_refused(client, commune, standing):
    client.force_login(standing)
    response = client.post(reverse("plans:create"), data(review_met="20", review_total="19"))
    assert response.status_code == 400
    assert "review_met" in response.context["form"].errors
    assert not Plan.objects.exists()


def test_standing_member_edits_the_plan(client, plan, standing):
    client.force_login(standing)
    url = reverse("plans:edit", args=[2024])
    assert client.get(url).status_code == 200
    response = client.post(url, data(number="12/KH-UBND", title="Đã sửa"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.year) == ("Đã sửa", 2024)
    assert plan.legal_bases.count() == 1


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(reverse("plans:edit", args=[2024]))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("user", ["officer", "viewer"])
def test_only_the_standing_member_creates_or_edits_plans(client, plan, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.post(reverse("plans:create"), data()).status_code == 403
    assert client.post(reverse("plans:edit", args=[2024]), data(title="x")).status_code == 403
    assert Plan.objects.get().title != "x"


def test_wrong_method(client, plan, standing):
    client.force_login(standing)
    assert client.put(reverse("plans:create")).status_code == 405
    assert client.delete(reverse("plans:edit", args=[2024])).status_code == 405


def test_a_signing_form_that_contradicts_the_issuing_body_is_refused(client, commune, standing):
    """The seed plan's mix: a People's Committee header signed "TM. BAN CHỈ ĐẠO XÃ"."""
    client.force_login(standing)
    response = client.post(
        reverse("plans:create"),
        data(signing_authority="TM. BAN CHỈ ĐẠO XÃ", signer_title="PHÓ TRƯỞNG BAN"),
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["signing_authority"])
    assert "ỦY BAN NHÂN DÂN" in errors
    assert not Plan.objects.filter(year=2025).exists()


def test_a_deputy_signing_for_the_chair_is_accepted(client, commune, standing):
    client.force_login(standing)
    response = client.post(
        reverse("plans:create"),
        data(signing_authority="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH"),
    )
    assert response.status_code == 302
    assert Plan.objects.get(year=2025).signing_authority == "KT. CHỦ TỊCH"
