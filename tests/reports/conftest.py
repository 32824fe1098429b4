from types import SimpleNamespace

import pytest


@pytest.fixture
def fake_pdf(monkeypatch):
    """Sending renders a PDF; most workflow tests do not need WeasyPrint's second."""

    def render(data):
        return f"%PDF-fake {data['month']} {data['document_reference']}".encode()

    monkeypatch.setattr("reports.builders.render_monthly_pdf", render)
    return render


@pytest.fixture
def staff(demo):
    """The demo commune's accounts by role."""
    from django.contrib.auth import get_user_model

    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["thuongtruc", "truongban", "ubnd", "captren", "admin"]
        )
    }
    return SimpleNamespace(
        standing=users["thuongtruc"],
        head=users["truongban"],
        officer=users["ubnd"],
        viewer=users["captren"],
        admin=users["admin"],
    )
