import pytest
from django.urls import reverse

from plans.models import Commitment


def url(year=2024):
    return reverse("plans:movements", args=[year])


def commitment(movement, body_pk, signed_on="01/03/2024"):
    return {"movement": movement.pk, "body": body_pk, "items": "Ra quân", "signed_on": signed_on}


def test_lists_movements_with_commitments(client, movement, body, viewer):
    movement.participants.add(body)
    client.force_login(viewer)
    response = client.get(url())
    assert response.status_code == 200
    assert list(response.context["movements"]) == [movement]
    assert "Phong trào ngày chủ nhật sạch" in response.content.decode()


def test_standing_member_records_a_commitment(client, movement, body, standing):
    client.force_login(standing)
    response = client.post(url(), commitment(movement, body.pk))
    assert response.status_code == 302
    assert Commitment.objects.get().body == body


def test_a_commitment_for_a_unit_that_does_not_exist_is_refused(client, movement, standing):
    client.force_login(standing)
    response = client.post(url(), commitment(movement, 9999))
    assert response.status_code == 400
    assert "body" in response.context["form"].errors
    assert not Commitment.objects.exists()


def test_anonymous_is_sent_to_login(client, movement):
    response = client.get(url())
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("user", ["officer", "viewer"])
def test_others_cannot_record_commitments(client, movement, body, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.post(url(), commitment(movement, body.pk)).status_code == 403
    assert not Commitment.objects.exists()


def test_wrong_method(client, movement, standing):
    client.force_login(standing)
    assert client.put(url()).status_code == 405
