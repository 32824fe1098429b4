import pytest
from django.contrib.auth import get_user_model

from jobs.models import Job, JobState
from jobs.services import job_result_save
from villages.models import Commune, Profile, Province, Role


@pytest.fixture
def readers(demo):
    """The demo province's coordinator (reading Quang Trung), the standing member of a
    second commune of the province, and a coordinator of another province."""
    users = get_user_model().objects
    coordinator = users.create_user("test-dieuphoi")
    Profile.objects.create(
        user=coordinator, province=demo.province, commune=demo, role=Role.COORDINATOR
    )
    other = Commune.objects.create(
        name="Khác", province=demo.province, criteria_set=demo.criteria_set
    )
    other_standing = users.create_user("test-khac")
    Profile.objects.create(user=other_standing, commune=other, role=Role.STANDING)
    stranger = users.create_user("test-tinh-khac")
    elsewhere = Province.objects.create(name="Tỉnh khác")
    Profile.objects.create(user=stranger, province=elsewhere, role=Role.COORDINATOR)
    return {"coordinator": coordinator, "other": other_standing, "stranger": stranger}


def file_job(owner: dict, user, *, done: bool = True) -> Job:
    job = Job.objects.create(
        kind="test-file",
        func="tests.jobs.test_services.store_twice",
        page_url="/before/",
        result_name="Tệp thử.xlsx",
        started_by=user,
        state=JobState.DONE if done else JobState.FAILED,
        error="" if done else "Không tạo được tệp.",
        **owner,
    )
    if done:
        job_result_save(
            job,
            content=b"XLSX",
            filename="tep-thu.xlsx",
            display_name="Tệp thử.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return job


@pytest.fixture
def dossier_job(demo, users):
    """A file the standing member asked for in Quang Trung, prepared."""
    return file_job({"commune": demo}, users["thuongtruc"])


@pytest.fixture
def province_job(demo, readers):
    """A file of the demo province, prepared for its coordinator."""
    return file_job({"province": demo.province}, readers["coordinator"])
