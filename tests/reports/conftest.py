import datetime
from types import SimpleNamespace

import pytest

MARCH = datetime.date(2024, 3, 1)


@pytest.fixture(scope="package")
def march_data(django_db_setup, django_db_blocker):
    """The demo's March report as a draft: its data, read once for the package."""
    from reports.builders import monthly_report_data
    from villages.models import Commune

    with django_db_blocker.unblock():
        commune = Commune.objects.select_related("criteria_set").get(name="Quang Trung")
        return monthly_report_data(commune, MARCH)


@pytest.fixture(scope="package")
def march_xlsx(march_data):
    """The draft's XLSX, for a file that reads only the workbook (tests/reports/
    test_xlsx.py): without the PDF, WeasyPrint's render was a third of that file's time."""
    from reports.builders import render_monthly_xlsx

    return render_monthly_xlsx(march_data)


@pytest.fixture(scope="package")
def march(march_data, march_xlsx):
    """The demo's March report as a draft: data, PDF and XLSX, built and rendered once for
    the package (the one real render of a draft; its readers only read)."""
    from reports.builders import render_monthly_pdf

    return march_data, render_monthly_pdf(march_data), march_xlsx


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
