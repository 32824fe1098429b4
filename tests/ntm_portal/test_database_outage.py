"""A real database outage (PostgreSQL pointed at a closed port), then recovery.

A transactional test (the connection is closed and reopened), in a file of its own: see
`pytest_collection_modifyitems` in tests/conftest.py."""

import pytest
from django.db import connection
from django.urls import reverse


@pytest.fixture
def anon(client):
    client.raise_request_exception = False
    return client


@pytest.mark.django_db(transaction=True)
def test_real_outage_on_a_closed_port_then_recovery(anon, django_user_model):
    """A PostgreSQL connection pointed at a port where nothing listens, then back."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a server connection; an in-memory SQLite test database cannot go away")
    from villages.models import Commune, Profile, Province

    user = django_user_model.objects.create_user("ketoan", password="x-Pass-2024!")
    commune = Commune.objects.create(
        name="Thử Nghiệm", province=Province.objects.create(name="Tỉnh Thử khác")
    )
    Profile.objects.create(user=user, commune=commune, role="viewer")
    anon.force_login(user)
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        assert anon.get(reverse("home")).status_code == 503
        assert anon.get(reverse("healthz")).status_code == 503
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert anon.get(reverse("healthz")).status_code == 200
    assert anon.get(reverse("criteria:catalogue")).status_code == 200
