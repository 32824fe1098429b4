from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import FundingSource, ResourceAmount


def url(year=2024):
    return reverse("plans:resources", args=[year])


def amount(item, planned="1.500.000", actual="0", source=FundingSource.COMMUNE):
    return {"item": item.pk, "source": source, "planned": planned, "actual": actual}


def test_shows_totals_by_source(client, resource_item, viewer):
    ResourceAmount.objects.create(
        item=resource_item, source=FundingSource.PEOPLE_LAND, planned=Decimal(300)
    )
    client.force_login(viewer)
    response = client.get(url())
    totals = {total.source: total for total in response.context["totals"]}
    assert response.status_code == 200
    assert totals[FundingSource.PEOPLE_LAND].planned == Decimal(300)
    assert list(response.context["items"]) == [resource_item]


def test_standing_member_records_an_amount_in_vietnamese_notation(client, resource_item, standing):
    client.force_login(standing)
    response = client.post(url(), amount(resource_item, planned="1.500.000", actual="20,5"))
    assert response.status_code == 302
    row = ResourceAmount.objects.get()
    assert (row.planned, row.actual) == (Decimal(1500000), Decimal("20.5"))


def test_negative_amounts_are_refused(client, resource_item, standing):
    client.force_login(standing)
    response = client.post(url(), amount(resource_item, planned="-5"))
    assert response.status_code == 400
    assert "planned" in response.context["form"].errors
    assert not ResourceAmount.objects.exists()


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(url())
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("user", ["officer", "viewer"])
def test_others_cannot_record_amounts(client, resource_item, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.post(url(), amount(resource_item)).status_code == 403
    assert not ResourceAmount.objects.exists()


def test_wrong_method(client, plan, standing):
    client.force_login(standing)
    assert client.put(url()).status_code == 405


def test_query_count_is_fixed(client, resource_item, viewer, django_assert_max_num_queries):
    client.force_login(viewer)
    with django_assert_max_num_queries(9):
        client.get(url())
