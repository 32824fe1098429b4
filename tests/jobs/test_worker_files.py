"""A file job through a real Redis broker and a real Celery worker (tests/queue_worker.py):
the province coordinator asks for the dashboard's XLSX, the page shows the job waiting,
the worker prepares the file into the shared storage, and the web side serves it.

Skipped, with the reason, when Redis is not reachable. Transactional (the worker reads the
database through its own connection), so in a file of its own."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job, JobState
from tests.queue_worker import broker, wait_for  # noqa: F401 (fixture)
from villages.models import Commune, Profile, Role

pytestmark = pytest.mark.django_db(transaction=True)
MARCH = datetime.date(2024, 3, 1)


def test_the_worker_prepares_the_export_the_web_side_serves_it(broker):  # noqa: F811
    call_command("load_demo", until="2024-03", stdout=io.StringIO())
    demo = Commune.objects.get(name="Quang Trung")
    coordinator = get_user_model().objects.create_user("test-dieuphoi")
    Profile.objects.create(
        user=coordinator, province=demo.province, commune=demo, role=Role.COORDINATOR
    )
    client = Client()
    client.force_login(coordinator)
    url = reverse("province:dashboard_download", kwargs={"month": MARCH, "fmt": "xlsx"})
    response = client.post(url)
    job = Job.objects.get()
    assert response.url == reverse("jobs:page", kwargs={"pk": job.pk})  # not done yet
    assert "data-job-url" in client.get(response.url).content.decode()

    broker()
    wait_for(lambda: Job.objects.get().state == JobState.DONE, "the worker's export")
    download = client.get(reverse("jobs:result", kwargs={"pk": job.pk}))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.cell(row=4, column=1).value == "Xã Quang Trung"
