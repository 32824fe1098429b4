"""Cached pages are never stale: every write path raises the commune's data version, and
the next request to the dashboard, the home page and the month workspace (whose contents
are cached too, villages/cache.py) shows the change.

WRITES walks every service that writes (and a few admin saves); `test_every_service_is_
walked` fails when a service module gains a public function that is neither walked here
nor listed as a reader, so a new write path cannot forget the cache."""

from __future__ import annotations

import datetime
import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from criteria.models import Indicator, IndicatorKind, IndicatorRecord
from criteria.services import FigureInput, records_save
from plans.models import QUARTERS, FundingSource, Movement, ResourceItem, Task
from submissions.models import Submission
from tests.conftest import around_module
from villages.conflicts import version_marker
from villages.models import Commune, HouseholdRecord, ResponsibleBody, Village

MARCH = datetime.date(2024, 3, 1)
MARCH_20 = datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)  # as `in_march`
OVERVIEW = "/dashboard/2024-03/"
SERVICE_MODULES = (
    "villages.services",
    "criteria.services",
    "criteria.set_services",
    "plans.services",
    "submissions.services",
    "reports.services",
    "evidence.services",
    "notifications.services",
    "province.services",
)
# Public functions of the service modules that write nothing the pages show.
READERS = {
    "criteria.services.indicator_position",
    "criteria.services.parse_rows",
    "criteria.services.is_month_closed",
    "criteria.services.figure_change",
    "submissions.services.check_month_open",
    "reports.services.document_number_allocate",  # inside monthly_report_send
    "villages.services.commune_data_changed",
    "reports.services.version_renderers",
    "reports.services.missing_files",
    "reports.services.report_version_render_start",  # inside monthly_report_send
    "reports.services.report_version_file",  # fills a sent version's own file
    "villages.services.upload_keep",  # a file waiting for confirmation: nothing shown
    "villages.services.upload_lock",
    "evidence.services.storage",
    # The province's reading of a received report (seen, accepted) shows on the report
    # page and the province's own pages, none of them cached (a returned report is a
    # to-do item on the commune's home page: walked below); choosing a commune changes
    # which commune's cache a province user reads, not its contents.
    "reports.services.receipt_accept",
    "reports.services.receipt_mark_seen",
    "villages.services.profile_choose_commune",
    "evidence.services.quota_used",
    "evidence.services.clean_name_or",
    "evidence.services.duplicates",
    "evidence.services.over_quota",
    "villages.services.initial_password",
    "villages.services.profile_password_changed",  # a flag on the profile, shown nowhere
    # A person's notifications, their choices and the e-mail outbox: shown by the menu's
    # bell and the notification pages, rendered per request, never in a cached page.
    "notifications.services.notify",
    "notifications.services.quiet_until",
    "notifications.services.choices_of",
    "notifications.services.site_url",
    "notifications.services.unsubscribe_token",
    "notifications.services.unsubscribe_read",
    "notifications.services.emails_send",
    "notifications.services.emails_send_start",
    "notifications.services.notification_open",
    "notifications.services.notifications_mark_all_read",
    "notifications.services.preferences_save",
    "notifications.services.preference_unsubscribe",
    "notifications.services.notifications_purge",
    "criteria.set_services.ensure_draft",
    "criteria.set_services.version_code",
    "criteria.set_services.set_file_preview",
    "criteria.set_services.set_file_store",  # a set file waiting for confirmation
    # A file job (a dossier, the province's export): its row and file show on its own
    # page only, rendered per request.
    "evidence.services.dossier_start",
    "province.services.overview_export_start",
}


def standing() -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="thuongtruc"))
    return client


def user(name: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def commune() -> Commune:
    return Commune.objects.get(name="Quang Trung")


def a_boolean_figure() -> FigureInput:
    indicator = Indicator.objects.filter(
        criteria_set=commune().criteria_set, kind=IndicatorKind.BOOLEAN, per_village=False
    ).order_by("code")[0]
    record = (
        IndicatorRecord.objects.filter(indicator=indicator, village=None, month__lte=MARCH)
        .order_by("-month")
        .first()
    )
    met = not record.met if record and record.met is not None else True
    return FigureInput(indicator, None, {"met": met}, version_marker(record))


def write_records() -> None:
    records_save(
        commune=commune(), month=MARCH, user=user("thuongtruc"), figures=[a_boolean_figure()]
    )


def write_month_close() -> None:
    from criteria.services import month_close

    month_close(commune=commune(), month=MARCH, user=user("thuongtruc"), reason="Đóng")


def write_month_reopen() -> None:
    from criteria.services import month_close, month_reopen

    month_close(commune=commune(), month=MARCH, user=user("thuongtruc"), reason="Đóng")
    cache.clear()  # the reopen alone is the write under test
    prime()
    month_reopen(commune=commune(), month=MARCH, user=user("thuongtruc"), reason="Sửa số liệu")


def write_set_override() -> None:
    from criteria.services import set_override_create

    set_override_create(
        commune=commune(),
        criteria_set=commune().criteria_set,
        from_month=MARCH,
        reason="Thí điểm",
        user=user("thuongtruc"),
    )


def write_threshold() -> None:
    from criteria.services import threshold_add

    indicator = (
        Indicator.objects.filter(criteria_set=commune().criteria_set, kind=IndicatorKind.RATIO)
        .exclude(thresholds__scope="commune")
        .order_by("code")[0]
    )
    threshold_add(
        indicator=indicator,
        scope="commune",
        comparator=">=",
        value=Decimal("99"),
        commune=commune(),
    )


def write_criteria_import() -> None:
    from criteria.services import criteria_set_import

    criteria_set_import(
        criteria_set=commune().criteria_set,
        rows=[
            {
                "group_no": "9",
                "group_name": "Nhóm thử",
                "criterion_no": "20",
                "criterion_name": "Tiêu chí thử",
                "indicator_code": "20.1",
                "indicator_name": "Chỉ tiêu thử",
                "kind": "boolean",
            }
        ],
    )


def write_submission() -> None:
    from submissions.services import submission_submit

    submission_submit(
        body=ResponsibleBody.objects.get(name="Hội Nông dân xã"),
        month=MARCH,
        user=user("hoinongdan"),
        results="Đã làm",
        difficulties="",
        proposals="",
        indicators_confirmed=True,
        base="",
    )


def write_send_back() -> None:
    from submissions.services import submission_send_back

    submission = Submission.objects.get(body__name="Hội Cựu chiến binh xã", month=MARCH)
    submission_send_back(
        submission=submission,
        user=user("thuongtruc"),
        note="Bổ sung số liệu",
        base=version_marker(submission),
    )


def a_task() -> Task:
    return Task.objects.filter(plan__commune=commune(), plan__year=2024).order_by("pk")[0]


def write_plan() -> None:
    from tests.plans.test_plan_form import data

    assert standing().post(reverse("plans:create"), data()).status_code == 302


def write_task_create() -> None:
    from plans.services import task_create

    task_create(plan=a_task().plan, title="Việc mới")


def write_task_edit() -> None:
    from plans.services import task_edit

    task = a_task()
    task_edit(
        task=task,
        base=version_marker(task),
        title=f"{task.title} (sửa)",
        description=task.description,
        section=task.section,
        criterion=task.criterion,
        indicator=task.indicator,
        lead_body=task.lead_body,
        supporting_bodies=task.supporting_bodies.all(),
        deadline=task.deadline,
        quarters=[q for q in QUARTERS if getattr(task, f"q{q}")],
    )


def write_task_progress() -> None:
    from plans.services import task_progress_post

    task = a_task()
    task_progress_post(
        task=task,
        user=user("thuongtruc"),
        progress=Decimal("55"),
        note="Tiến độ",
        base=version_marker(task),
    )


def write_commitment() -> None:
    from plans.services import commitment_add

    movement = Movement.objects.filter(plan__commune=commune()).order_by("pk")[0]
    signed = movement.commitments.values_list("body_id", flat=True)
    body = ResponsibleBody.objects.filter(commune=commune()).exclude(pk__in=signed)[0]
    commitment_add(movement=movement, body=body, items="Cam kết", signed_on=MARCH)


def write_resource() -> None:
    from plans.services import resource_amount_set

    item = ResourceItem.objects.filter(plan__commune=commune()).order_by("pk")[0]
    resource_amount_set(
        item=item, source=FundingSource.values[0], planned=Decimal("7"), actual=Decimal("3")
    )


def write_report_save() -> None:
    from reports.services import monthly_report_save

    monthly_report_save(
        commune=commune(),
        month=MARCH,
        user=user("thuongtruc"),
        base=version_marker(None),
        texts={"leadership": "Chỉ đạo"},
    )


def write_report_approve() -> None:
    from reports.services import monthly_report_approve

    monthly_report_approve(commune=commune(), month=MARCH, user=user("truongban"))


def _approved() -> None:
    from reports.services import monthly_report_approve

    write_report_save()
    monthly_report_approve(commune=commune(), month=MARCH, user=user("truongban"))


def write_report_send() -> None:
    from reports.services import monthly_report_send

    _approved()
    cache.clear()
    prime()
    monthly_report_send(commune=commune(), month=MARCH, user=user("thuongtruc"))


def write_report_reopen() -> None:
    from reports.services import monthly_report_reopen, monthly_report_send

    _approved()
    monthly_report_send(commune=commune(), month=MARCH, user=user("thuongtruc"))
    cache.clear()
    prime()
    monthly_report_reopen(commune=commune(), month=MARCH, user=user("thuongtruc"), reason="Sai")


def write_receipt_return() -> None:
    from django.contrib.auth import get_user_model

    from reports.services import monthly_report_send, receipt_return
    from villages.models import Profile, Role

    _approved()
    report = monthly_report_send(commune=commune(), month=MARCH, user=user("thuongtruc"))
    coordinator = get_user_model().objects.create_user("test-dieuphoi")
    Profile.objects.create(user=coordinator, province=commune().province, role=Role.COORDINATOR)
    cache.clear()
    prime()
    receipt_return(receipt=report.receipt, user=coordinator, note="Thiếu phụ lục")


def _attach_evidence():
    import tempfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from evidence.access import record_target
    from evidence.services import Details, evidence_attach

    with override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="ntm-test-media-")):
        target = record_target(user("thuongtruc"), MARCH, "17.1")
        files = [SimpleUploadedFile("Quyết định.pdf", b"%PDF-1.4 decision")]
        attached = evidence_attach(
            target=target, files=files, user=user("thuongtruc"), details=Details(kind="decision")
        )
    return target, attached[0]


def write_evidence_attach() -> None:
    _attach_evidence()


def write_evidence_delete() -> None:
    from evidence.services import evidence_delete

    target, evidence = _attach_evidence()
    cache.clear()
    prime()
    evidence_delete(evidence=evidence, target=target, user=user("thuongtruc"), reason="Nhầm tệp")


def write_upload_confirmed() -> None:
    """Where every spreadsheet import (figures, household register) ends."""
    from django.db import transaction

    from villages.services import upload_confirmed, upload_keep, upload_lock

    upload = upload_keep(
        commune=commune(), kind="register", user=user("thuongtruc"), name="so-ho.xlsx", data=b"x"
    )
    with transaction.atomic():
        upload_confirmed(upload_lock(upload))


def write_commune_save() -> None:
    from province.forms import CommuneForm

    demo = commune()
    form = CommuneForm(instance=demo, province=demo.province)
    data = {name: form[name].value() for name in form.fields} | {"commune_group": 1}
    form = CommuneForm(data, instance=demo, province=demo.province)
    assert form.is_valid(), form.errors
    from villages.services import commune_save

    commune_save(form=form, province=demo.province)


def write_village_save() -> None:
    from province.forms import VillageForm
    from villages.services import village_save

    village = Village.objects.get(commune=commune(), name="Hợp Lộc")
    form = VillageForm({"name": "Hợp Lộc Mới", "position": 1}, instance=village)
    assert form.is_valid(), form.errors
    village_save(form=form, commune=commune())


def write_body_save() -> None:
    from villages.bodies import BodyRowForm
    from villages.services import body_save

    form = BodyRowForm(
        {"name": "Đoàn Thanh niên thôn", "kind": "other", "position": 80},
        instance=ResponsibleBody(commune=commune()),
        commune=commune(),
    )
    assert form.is_valid(), form.errors
    body_save(form=form, commune=commune())


def write_account_create() -> None:
    from villages.services import account_create

    account_create(commune=commune(), username="tk.moi", first_name="", last_name="", role="viewer")


def write_account_set_active() -> None:
    from villages.services import account_set_active

    account_set_active(account=user("captren"), active=False, by=user("admin"))


def admin_client() -> Client:
    client = Client()
    client.force_login(user("admin"))
    return client


def write_admin_household() -> None:
    record = HouseholdRecord.objects.filter(village__commune=commune()).order_by("pk")[0]
    write_admin_household_for(record, households=record.households + 1000)


def write_admin_household_for(record: HouseholdRecord, *, households: int) -> None:
    url = reverse("admin:villages_householdrecord_change", args=[record.pk])
    response = admin_client().post(
        url,
        {
            "village": record.village_id,
            "as_of": record.as_of.strftime("%d/%m/%Y"),
            "households": households,
            "population": households * 4,
            "source": record.source,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors


def write_admin_delete_task() -> None:
    task = a_task()
    task.updates.all().delete()
    url = reverse("admin:plans_task_delete", args=[task.pk])
    assert admin_client().post(url, {"post": "yes"}).status_code == 302


WRITES: dict[str, Callable[[], None]] = {
    "criteria.services.records_save": write_records,
    "criteria.services.month_close": write_month_close,
    "criteria.services.month_reopen": write_month_reopen,
    "criteria.services.threshold_add": write_threshold,
    "criteria.services.set_override_create": write_set_override,
    "criteria.services.criteria_set_import": write_criteria_import,
    "submissions.services.submission_submit": write_submission,
    "submissions.services.submission_send_back": write_send_back,
    "plans.services.plan_save": write_plan,
    "plans.services.task_create": write_task_create,
    "plans.services.task_edit": write_task_edit,
    "plans.services.task_progress_post": write_task_progress,
    "plans.services.commitment_add": write_commitment,
    "plans.services.resource_amount_set": write_resource,
    "reports.services.monthly_report_save": write_report_save,
    "reports.services.monthly_report_approve": write_report_approve,
    "reports.services.monthly_report_send": write_report_send,
    "reports.services.monthly_report_reopen": write_report_reopen,
    "reports.services.receipt_return": write_receipt_return,
    "evidence.services.evidence_attach": write_evidence_attach,
    "evidence.services.evidence_delete": write_evidence_delete,
    "villages.services.upload_confirmed": write_upload_confirmed,
    "villages.services.commune_save": write_commune_save,
    "villages.services.village_save": write_village_save,
    "villages.services.body_save": write_body_save,
    "villages.services.account_create": write_account_create,
    "villages.services.account_set_active": write_account_set_active,
    "admin: household register": write_admin_household,
    "admin: delete a task": write_admin_delete_task,
}


def write_set_publish() -> None:
    from criteria.set_services import set_file_confirm, set_file_store, set_publish
    from tests.criteria.set_files import set_file

    upload = set_file_store(user=user("admin"), province=None, name="a.xlsx", data=set_file())
    draft = set_file_confirm(upload=upload)
    set_publish(criteria_set=draft, province=commune().province, user=user("admin"))


WRITES["criteria.set_services.set_publish"] = write_set_publish


def qd318_item(kind: str):
    from criteria.models import Criterion, Threshold

    indicator = Indicator.objects.get(criteria_set__code="qd318-2021-2025", code="17.1")
    return {
        "criterion": lambda: Criterion.objects.get(criteria_set=indicator.criteria_set, number=1),
        "indicator": lambda: indicator,
        "threshold": lambda: Threshold.objects.exclude(scope="commune").filter(
            indicator__criteria_set=indicator.criteria_set
        )[0],
        "set": lambda: indicator.criteria_set,
    }[kind]()


# Services that write only a draft set (or create one): no commune is assessed by a draft,
# so no page changes. Each refuses a published set; the two that create a draft from a
# file or a published set are walked by tests/criteria/test_set_views.py.
DRAFT_WRITES = {
    "criteria.set_services.set_details_save": ("set", "criteria_set", {}),
    "criteria.set_services.criterion_save": ("criterion", "criterion", {}),
    "criteria.set_services.criterion_delete": ("criterion", "criterion", {}),
    "criteria.set_services.criterion_move": ("criterion", "criterion", {"up": False}),
    "criteria.set_services.indicator_save": ("indicator", "indicator", {}),
    "criteria.set_services.indicator_delete": ("indicator", "indicator", {}),
    "criteria.set_services.indicator_move": ("indicator", "indicator", {"up": True}),
    "criteria.set_services.set_threshold_save": ("threshold", "threshold", {}),
    "criteria.set_services.set_threshold_delete": ("threshold", "threshold", {}),
    "criteria.set_services.set_file_confirm": None,
    "criteria.set_services.set_version_create": None,
}


@pytest.mark.parametrize("name", [name for name, how in DRAFT_WRITES.items() if how])
def test_a_draft_write_refuses_a_published_set(demo, name):
    from criteria import set_services
    from criteria.set_services import PublishedSet

    kind, argument, extra = DRAFT_WRITES[name]
    before = commune().data_version
    with pytest.raises(PublishedSet):
        getattr(set_services, name.rsplit(".", 1)[1])(**{argument: qd318_item(kind)}, **extra)
    assert commune().data_version == before


# The pages whose content is cached under the commune's data version, each for readers
# it shows differently: the dashboard (per role), the home page (per user: the to-do
# list) and the month workspace (per scope: the standing member's close form, a body
# officer's indicators, a village head's village).
MONTH = "/months/2024-03/"
CACHED_PAGES = (
    ("truongban", OVERVIEW),
    ("truongban", "/"),
    ("thuongtruc", "/"),
    ("thuongtruc", MONTH),
    ("hoinongdan", MONTH),
    ("thon.hoploc", MONTH),
)


def page(username: str, url: str, readers: dict[str, Client] | None = None) -> str:
    """The page as `username` sees it (signed in with a client of its own, or with the
    reader's in `readers`, signed in on first use), without what differs between two
    requests (the CSRF token, the CSP nonce)."""
    readers = {} if readers is None else readers
    if username not in readers:
        readers[username] = Client()
        readers[username].force_login(user(username))
    response = readers[username].get(url)
    assert response.status_code == 200, (username, url)
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'nonce="[^"]*"', "", content)


def prime() -> None:
    """Every cached page rendered and cached for its readers."""
    for username, url in CACHED_PAGES:
        page(username, url)


# What `prime()` caches from the demo as every test of the walk starts (20/03/2024), by
# (data version, day): the same entries in each test, so rendered once per module.
DEMO_PRIMED: dict[tuple[int, datetime.date], dict[str, tuple[Any, Any]]] = {}


def prime_demo() -> dict[str, tuple[Any, Any]]:
    """`prime()` from the demo: the first time for real, recording what the pages put in
    the cache; afterwards the same entries put back (each test starts from the same demo,
    rolled back, on the same day: the data version and the day match). What was cached,
    by key."""
    state = (commune().data_version, timezone.localdate())
    if state in DEMO_PRIMED:
        for key, (value, timeout) in DEMO_PRIMED[state].items():
            cache.set(key, value, timeout)
        return DEMO_PRIMED[state]
    backend, written = caches["default"], {}

    def recording_set(key, value, timeout=DEFAULT_TIMEOUT, version=None):
        assert version is None
        written[key] = value, timeout
        return type(backend).set(backend, key, value, timeout, version)

    backend.set = recording_set
    try:
        prime()
    finally:
        del backend.set
    assert written, "the pages cached nothing"
    DEMO_PRIMED[state] = written
    return written


@contextmanager
def reads_of(primed: dict[str, tuple[Any, Any]]) -> Iterator[list[str]]:
    """The keys of `primed` read back from the cache with the value cached then: a page
    served (whole or in part) from what was cached before."""
    backend, read = caches["default"], []

    def watching_get(key, default=None, version=None):
        value = type(backend).get(backend, key, default, version)
        if key in primed and value == primed[key][0]:
            read.append(key)
        return value

    backend.get = watching_get
    try:
        yield read
    finally:
        del backend.get


@pytest.fixture(scope="module")
def sessions(django_db_setup, django_db_blocker) -> Iterator[dict[str, str]]:
    """The readers of CACHED_PAGES signed in once for the module (in a transaction around
    its tests, as of 20/03/2024), not four times in each test: the session keys."""
    with around_module(django_db_blocker):
        with django_db_blocker.unblock(), time_machine.travel(MARCH_20):
            keys = {}
            for username in sorted({username for username, _url in CACHED_PAGES}):
                client = Client()
                client.force_login(user(username))
                keys[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield keys


def signed_in(sessions: dict[str, str]) -> dict[str, Client]:
    """A client of each reader, with the reader's session."""
    readers = {}
    for username, key in sessions.items():
        readers[username] = Client()
        readers[username].cookies[settings.SESSION_COOKIE_NAME] = key
    return readers


@pytest.mark.parametrize("name", WRITES)
def test_a_write_makes_the_next_cached_page_rebuild(sessions, demo, in_march, name):
    """After the write every cached page is built again, none of it read from what was
    cached before (a stale part would be served as it was: the check does not depend on
    whether the write happens to change what a page shows)."""
    primed = prime_demo()
    before = commune().data_version
    WRITES[name]()
    assert commune().data_version > before
    readers = signed_in(sessions)
    with reads_of(primed) as stale:
        with CaptureQueriesContext(connection) as queries:
            page("truongban", OVERVIEW, readers)
        assert len(queries) > 4, "served from the cache after the write"
        for username, url in CACHED_PAGES:
            page(username, url, readers)
    assert not stale, f"parts cached before the write were served after it: {stale}"


def test_every_service_is_walked() -> None:
    public = set()
    for name in SERVICE_MODULES:
        module = importlib.import_module(name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                public.add(f"{module.__name__}.{name}")
    missing = public - set(WRITES) - READERS - set(DRAFT_WRITES)
    assert not missing, f"add these write paths to WRITES (or to READERS): {sorted(missing)}"


def test_every_admin_view_goes_through_the_portal_site() -> None:
    from ntm_portal.admin import PortalAdminSite

    site = admin.site._wrapped  # admin.site is a lazy proxy of the default site
    assert isinstance(site, PortalAdminSite)
    assert all(model_admin.admin_site is site for model_admin in site._registry.values())


def test_a_saved_figure_changes_the_cached_dashboard(demo, login, in_march):
    """The issue's example, seen as a user: the criterion page shows the new figure."""
    figure = a_boolean_figure()
    client = login("truongban")
    url = f"/dashboard/2024-03/criteria/{figure.indicator.criterion.number}/"
    before = client.get(url).context["body"]
    assert client.get(url).context["body"] == before  # cached
    write_records()
    after = client.get(url).context["body"]
    assert after != before


def test_a_household_count_saved_in_the_admin_shows_on_the_village_page(demo, login, in_march):
    village = Village.objects.get(name="Hợp Lộc")
    client = login("truongban")
    url = f"/dashboard/2024-03/villages/{village.pk}/"
    assert "4.321" not in client.get(url).context["body"]
    record = village.household_records.order_by("-as_of").first()
    write_admin_household_for(record, households=4321)
    assert "4.321" in client.get(url).context["body"]


def test_the_key_holds_role_language_day_and_version(demo, in_march, rf):
    from django.utils import translation

    from dashboard.cache import page_key

    def key(username: str, language: str = "vi") -> str:
        request = rf.get(OVERVIEW)
        request.user = user(username)
        with translation.override(language):
            return page_key(request, commune(), "overview")

    assert len({key("truongban"), key("captren"), key("truongban", "en")}) == 3
    before = key("truongban")
    write_records()
    assert key("truongban") != before
