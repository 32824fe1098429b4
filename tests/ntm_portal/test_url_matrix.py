"""Every URL × every role × GET and POST: the status each role gets.

The roles include the province's (coordinator and administrator, reading Quang Trung,
the commune they chose: read-only, 403 on every commune write) and the standing member
of a second commune of the province (OTHER): on every URL naming one of Quang Trung's
objects that user gets 404, and on the others their own commune's page. Zero leaks: a
row without an explicit status for OTHER expects 404 when its sample objects are
Quang Trung's (`foreign=True`), else what the standing member gets.

MATRIX lists every named URL of the URLconf (the admin and i18n excepted: Django's own);
a URL missing from it fails `test_every_url_is_in_the_matrix`, so a new page cannot be
added without deciding who may read and write it. Adding a row is one line:

    "reports:monthly": row(month, get=signed_in(200), post=writers(200, STANDING)),

POSTs carry no data: anonymous users are sent to the login page (302), roles that may
not write get 403, and roles that may write get the form back with its errors (200 or
400) or a redirect (302). Views that accept only GET answer 405 to everyone, before any
login check. The clock is on 20/03/2024, so March 2024 is the current month.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from criteria.models import CriteriaSet
from plans.models import Task
from reports.models import MonthlyReport, ProvinceReceipt, ReportState, ReportVersion
from tests.conftest import around_module
from villages.models import (
    Commune,
    HouseholdRecord,
    Profile,
    Province,
    ResponsibleBody,
    Role,
    Village,
)

ANONYMOUS = "anonymous"
ROLES = (
    ANONYMOUS,
    "admin",
    "truongban",
    "thuongtruc",
    "ubnd",
    "hoinongdan",
    "thon.hoploc",
    "captren",
    "tinh.dieuphoi",
    "tinh.quantri",
    "xakhac.thuongtruc",
)
STANDING = "thuongtruc"
PROVINCE = ("tinh.dieuphoi", "tinh.quantri")
OTHER = "xakhac.thuongtruc"
PROVINCE_ADMIN = "tinh.quantri"
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/")
MARCH = datetime.date(2024, 3, 1)
NOW = datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)

Statuses = dict[str, int]


def everyone(status: int) -> Statuses:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int) -> Statuses:
    """Any signed-in role gets `status`; anonymous users go to the login page."""
    return everyone(status) | {ANONYMOUS: 302}


def writers(status: int, *roles: str) -> Statuses:
    """`roles` get `status`, the other signed-in roles 403, anonymous users the login.
    OTHER writes in their own commune as the standing member does."""
    statuses = signed_in(403) | dict.fromkeys(roles, status)
    return statuses | {OTHER: statuses[STANDING]}


def province_admin_only(status: int) -> Statuses:
    """Setting up communes: the province administrator gets `status`; the coordinator,
    the commune roles and the Django administrator without a province role 403."""
    return signed_in(403) | {PROVINCE_ADMIN: status}


def province_only(status: int) -> Statuses:
    """Province pages: the province's roles get `status`, commune roles 403."""
    return signed_in(403) | dict.fromkeys(PROVINCE, status)


# Sample URL arguments, built from the demo commune.
def no_kwargs() -> dict[str, Any]:
    return {}


def month() -> dict[str, Any]:
    return {"month": MARCH}


def year() -> dict[str, Any]:
    return {"year": 2024}


def quarter() -> dict[str, Any]:
    return {"year": 2024, "quarter": 1}


def indicator() -> dict[str, Any]:
    return {"month": MARCH, "code": "17.1"}


def hop_loc() -> dict[str, Any]:
    return {"month": MARCH, "pk": Village.objects.get(name="Hợp Lộc").pk}


def farmers() -> dict[str, Any]:
    """Hội Nông dân xã, which has not reported for March (hoinongdan is its member)."""
    return {"month": MARCH, "body_pk": ResponsibleBody.objects.get(name="Hội Nông dân xã").pk}


def veterans() -> dict[str, Any]:
    """Hội Cựu chiến binh xã, which has reported for March (late)."""
    body = ResponsibleBody.objects.get(name="Hội Cựu chiến binh xã")
    return {"month": MARCH, "body_pk": body.pk}


def criterion_17() -> dict[str, Any]:
    return {"month": MARCH, "number": 17}


def xlsx() -> dict[str, Any]:
    # XLSX, not PDF: the same access rules, without a 3-second render per request.
    return {"month": MARCH, "fmt": "xlsx"}


def quarter_xlsx() -> dict[str, Any]:
    return {"period": (2024, 1), "fmt": "xlsx"}


def receipt() -> dict[str, Any]:
    return {"pk": ProvinceReceipt.objects.get(commune__name="Quang Trung").pk}


def receipt_xlsx() -> dict[str, Any]:
    return receipt() | {"fmt": "xlsx"}


def province_xlsx() -> dict[str, Any]:
    return {"month": MARCH, "fmt": "xlsx"}


def quang_trung() -> dict[str, Any]:
    return {"pk": Commune.objects.get(name="Quang Trung").pk}


def quang_trung_village() -> dict[str, Any]:
    return quang_trung() | {"village_pk": Village.objects.get(name="Hợp Lộc").pk}


def quang_trung_body() -> dict[str, Any]:
    return quang_trung() | {"body_pk": ResponsibleBody.objects.get(name="Hội Nông dân xã").pk}


def quang_trung_account() -> dict[str, Any]:
    """The superior-level viewer, who has made their requests before the province
    administrator's empty POST deactivates them (rolled back with the test)."""
    return quang_trung() | {"user_pk": get_user_model().objects.get(username="captren").pk}


def no_such_evidence() -> dict[str, Any]:
    """Per-role access to existing files is tested in tests/evidence/ (with a throw-away
    storage folder); here the order of the checks: method, login, then 404."""
    return {"pk": 999_999}


def no_such_criterion() -> dict[str, Any]:
    return {"number": 99}


def veterans_submission() -> dict[str, Any]:
    from submissions.models import Submission

    return {"pk": Submission.objects.get(body__name="Hội Cựu chiến binh xã", month=MARCH).pk}


def ubnd_task() -> dict[str, Any]:
    """A task led by the People's Committee (ubnd posts its progress)."""
    return {"pk": Task.objects.filter(lead_body__short_name="UBND xã").order_by("pk")[0].pk}


def failed_job() -> dict[str, Any]:
    """A failed job of the demo commune, started by the standing member."""
    from jobs.models import Job, JobState
    from villages.models import Commune

    job, _created = Job.objects.get_or_create(
        kind="matrix",
        commune=Commune.objects.get(name="Quang Trung"),
        defaults={
            "func": "reports.tasks.report_version_render",
            "state": JobState.FAILED,
            "started_by": get_user_model().objects.get(username=STANDING),
        },
    )
    return {"pk": job.pk}


def standing_file_job() -> dict[str, Any]:
    """A ZIP the standing member asked for, prepared and stored: theirs only (404 for the
    commune's other people too, jobs.access)."""
    from jobs.models import Job, JobState
    from jobs.services import job_result_save

    job, created = Job.objects.get_or_create(
        kind="matrix-file",
        commune=Commune.objects.get(name="Quang Trung"),
        defaults={
            "func": "evidence.tasks.dossier_build",
            "state": JobState.DONE,
            "page_url": "/dossier/",
            "started_by": get_user_model().objects.get(username=STANDING),
        },
    )
    if created:
        job_result_save(
            job,
            content=b"PK",
            filename="ho-so.zip",
            display_name="Hồ sơ.zip",
            content_type="application/zip",
        )
    return {"pk": job.pk}


def standing_notification() -> dict[str, Any]:
    """A notification of the standing member's (only they may open it)."""
    from notifications.models import Kind, Notification

    notification, _created = Notification.objects.get_or_create(
        user=get_user_model().objects.get(username=STANDING),
        kind=Kind.ESCALATION,
        title="matrix",
        defaults={"url": "/reports/submissions/2024-03/"},
    )
    return {"pk": notification.pk}


def standing_unsubscribe() -> dict[str, Any]:
    from notifications.models import Kind
    from notifications.services import unsubscribe_token

    user = get_user_model().objects.get(username=STANDING)
    return {"token": unsubscribe_token(user, Kind.ESCALATION)}


def figures_upload() -> dict[str, Any]:
    """A template of 17.1 uploaded by the standing member (only they see its preview)."""
    from criteria.access import Scope
    from criteria.spreadsheets import template_build, template_cells
    from villages.models import Commune, UploadKind
    from villages.services import upload_keep

    user = get_user_model().objects.get(username=STANDING)
    commune = Commune.objects.get(name="Quang Trung")
    indicator = commune.criteria_set.indicators.get(code="17.1")
    cells = template_cells(commune, MARCH, Scope(user, commune), indicator=indicator)
    upload = upload_keep(
        commune=commune,
        kind=UploadKind.FIGURES,
        month=MARCH,
        user=user,
        name="mau.xlsx",
        data=template_build(commune, MARCH, cells),
    )
    return {"month": MARCH, "pk": upload.pk}


def list_upload(kind: str, name: str) -> dict[str, Any]:
    """A commune list (the register, the bodies), unchanged, uploaded by the standing
    member."""
    from villages.bodies import bodies_build
    from villages.models import Commune, UploadKind
    from villages.register import register_build
    from villages.services import upload_keep

    build = {UploadKind.REGISTER: register_build, UploadKind.BODIES: bodies_build}[kind]
    commune = Commune.objects.get(name="Quang Trung")
    user = get_user_model().objects.get(username=STANDING)
    upload = upload_keep(commune=commune, kind=kind, user=user, name=name, data=build(commune))
    return {"pk": upload.pk}


def register_upload() -> dict[str, Any]:
    return list_upload("register", "so-ho.xlsx")


def bodies_upload() -> dict[str, Any]:
    return list_upload("bodies", "don-vi.xlsx")


QD318 = {"code": "qd318-2021-2025"}
SET_MANAGERS = ("admin", "tinh.quantri")  # the superuser and the province administrator


def qd318() -> dict[str, Any]:
    """Published: read by everyone, corrected only by a new version."""
    return QD318


def qd51() -> dict[str, Any]:
    """The national 2026–2030 draft as shipped, without indicators (publishing it is
    refused with a message)."""
    return {"code": "qd51-2026-2030"}


def province_draft() -> CriteriaSet:
    """The test 2026–2030 set (test data), uploaded by the province administrator: a
    draft of the province."""
    from criteria.set_services import set_file_confirm, set_file_store
    from tests.criteria.set_files import TEST_SET_CODE, set_file

    existing = CriteriaSet.objects.filter(code=TEST_SET_CODE).first()
    if existing:
        return existing
    user = get_user_model().objects.get(username="tinh.quantri")
    upload = set_file_store(
        user=user, province=user.profile.province, name="thu.xlsx", data=set_file()
    )
    return set_file_confirm(upload=upload)


def draft() -> dict[str, Any]:
    return {"code": province_draft().code}


def draft_criterion() -> dict[str, Any]:
    return draft() | {"number": 1}


def draft_indicator() -> dict[str, Any]:
    return draft() | {"indicator": "2.1"}


def draft_threshold() -> dict[str, Any]:
    threshold = province_draft().indicators.get(code="2.1").thresholds.order_by("pk")[0]
    return draft() | {"pk": threshold.pk}


def set_upload() -> dict[str, Any]:
    """A set file uploaded by the province administrator (only they see its preview),
    under a code of its own: the province's draft (`province_draft`) already has the test
    set's."""
    from criteria.set_services import set_file_store
    from tests.criteria.set_files import TEST_SET_CODE, set_file

    user = get_user_model().objects.get(username="tinh.quantri")
    data = set_file(fields={"code": f"{TEST_SET_CODE}-tai-len"})
    upload = set_file_store(user=user, province=user.profile.province, name="thu.xlsx", data=data)
    return {"pk": upload.pk}


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[], dict[str, Any]]
    get: Statuses
    post: Statuses
    query: str = ""


def row(
    kwargs: Callable[[], dict[str, Any]] = no_kwargs,
    *,
    get: Statuses,
    post: Statuses,
    query: str = "",
    foreign: bool = False,
) -> Row:
    """`foreign`: the URL names Quang Trung's objects, so OTHER gets 404 whatever the
    method (after the method check: 405 stays 405)."""
    if foreign:
        get, post = (
            statuses if statuses[OTHER] == 405 else statuses | {OTHER: 404}
            for statuses in (get, post)
        )
    return Row(kwargs, get, post, query)


READ_ONLY = everyone(405)  # @require_safe comes before @login_required

MATRIX: dict[str, Row] = {
    # The coordination office starts at the province dashboard.
    "home": row(get=signed_in(200) | dict.fromkeys(PROVINCE, 302), post=READ_ONLY),
    "healthz": row(get=everyone(200), post=READ_ONLY),
    "login": row(get=everyone(200), post=everyone(200)),
    "logout": row(get=everyone(405), post=everyone(302)),
    "password_change": row(get=signed_in(200), post=signed_in(200)),
    "password_change_done": row(get=signed_in(200), post=signed_in(405)),
    "criteria:catalogue": row(get=signed_in(200), post=READ_ONLY),
    "criteria:months": row(get=everyone(302), post=READ_ONLY),
    # Choosing the set that assesses the commune: its standing member or the province
    # administrator (issue 18), not the coordinator; an empty POST gets the form back.
    "criteria:set_choice": row(
        get=signed_in(200), post=writers(200, STANDING, "admin", "tinh.quantri")
    ),
    "criteria:month": row(month, get=signed_in(200), post=READ_ONLY),
    "criteria:month_close": row(month, get=everyone(405), post=writers(302, STANDING)),
    "criteria:month_reopen": row(month, get=everyone(405), post=writers(302, STANDING)),
    # 17.1 (households on centralised water): the People's Committee answers for it, and
    # each village head for their village's figure.
    "criteria:indicator_month": row(
        indicator,
        get=signed_in(200),
        # OTHER's own commune: one village and no figure yet, the empty form saves nothing.
        post=writers(200, STANDING, "ubnd", "thon.hoploc") | {OTHER: 302},
    ),
    # Officers post here the per-village indicators their body answers for.
    "criteria:village_month": row(
        hop_loc,
        get=signed_in(200),
        post=writers(200, STANDING, "ubnd", "hoinongdan", "thon.hoploc"),
        foreign=True,
    ),
    # Entry templates: whoever writes figures downloads and uploads; a preview is its
    # uploader's only (404 for the others); confirming an unchanged file redirects.
    "criteria:month_template": row(
        month, get=writers(200, STANDING, "ubnd", "hoinongdan", "thon.hoploc"), post=READ_ONLY
    ),
    "criteria:month_upload": row(
        month,
        get=writers(200, STANDING, "ubnd", "hoinongdan", "thon.hoploc"),
        post=writers(200, STANDING, "ubnd", "hoinongdan", "thon.hoploc"),
    ),
    "criteria:upload_preview": row(
        figures_upload,
        get=signed_in(404) | {STANDING: 200},
        post=signed_in(404) | {STANDING: 302},
    ),
    # The household register: the standing member and the administrator.
    "villages:register_download": row(get=writers(200, STANDING, "admin"), post=READ_ONLY),
    "villages:register_upload": row(
        get=writers(200, STANDING, "admin"), post=writers(200, STANDING, "admin")
    ),
    "villages:register_preview": row(
        register_upload,
        get=writers(200, STANDING) | {"admin": 404},
        post=writers(302, STANDING) | {"admin": 404},
        foreign=True,
    ),
    # The responsible bodies in bulk: the same roles as the register.
    "villages:bodies_download": row(get=writers(200, STANDING, "admin"), post=READ_ONLY),
    "villages:bodies_upload": row(
        get=writers(200, STANDING, "admin"), post=writers(200, STANDING, "admin")
    ),
    "villages:bodies_preview": row(
        bodies_upload,
        get=writers(200, STANDING) | {"admin": 404},
        post=writers(302, STANDING) | {"admin": 404},
        foreign=True,
    ),
    "submissions:submissions_current": row(get=everyone(302), post=READ_ONLY),
    "submissions:submissions": row(month, get=signed_in(200), post=READ_ONLY),
    "submissions:submission": row(
        farmers, get=signed_in(200), post=writers(200, STANDING, "hoinongdan"), foreign=True
    ),
    "submissions:send_back": row(
        veterans, get=everyone(405), post=writers(200, STANDING), foreign=True
    ),
    "plans:list": row(get=signed_in(200), post=READ_ONLY),
    "plans:create": row(get=writers(200, STANDING), post=writers(400, STANDING)),
    "plans:detail": row(year, get=signed_in(200), post=READ_ONLY, foreign=True),
    "plans:edit": row(year, get=writers(200, STANDING), post=writers(400, STANDING), foreign=True),
    "plans:tasks": row(year, get=signed_in(200), post=READ_ONLY, foreign=True),
    "plans:quarter": row(quarter, get=signed_in(200), post=READ_ONLY, foreign=True),
    "plans:movements": row(year, get=signed_in(200), post=writers(400, STANDING), foreign=True),
    "plans:resources": row(year, get=signed_in(200), post=writers(400, STANDING), foreign=True),
    "plans:task_create": row(
        get=writers(200, STANDING), post=writers(400, STANDING), query="?plan=2024", foreign=True
    ),
    "plans:task": row(
        ubnd_task, get=signed_in(200), post=writers(400, STANDING, "ubnd"), foreign=True
    ),
    "plans:task_edit": row(
        ubnd_task, get=writers(200, STANDING), post=writers(400, STANDING), foreign=True
    ),
    "dashboard:current": row(get=everyone(302), post=READ_ONLY),
    "dashboard:month": row(month, get=signed_in(200), post=READ_ONLY),
    "dashboard:criterion": row(criterion_17, get=signed_in(200), post=READ_ONLY),
    "dashboard:village": row(hop_loc, get=signed_in(200), post=READ_ONLY, foreign=True),
    "reports:monthly_index": row(get=signed_in(200), post=READ_ONLY),
    "reports:monthly": row(month, get=signed_in(200), post=READ_ONLY),
    "reports:monthly_download": row(xlsx, get=signed_in(200), post=READ_ONLY),
    "reports:quarterly_download": row(quarter_xlsx, get=signed_in(200), post=READ_ONLY),
    # POST-only actions with empty data: the narrative form shows its errors,
    # approval needs the head, sending needs an approved report (refused with a message),
    # reopening needs a sent report and a reason (the form error page).
    "reports:monthly_narrative": row(month, get=everyone(405), post=writers(400, STANDING)),
    "reports:monthly_approve": row(month, get=everyone(405), post=writers(302, "truongban")),
    "reports:monthly_send": row(month, get=everyone(405), post=writers(302, STANDING)),
    "reports:monthly_reopen": row(month, get=everyone(405), post=writers(400, STANDING)),
    # A job's progress is read by everyone of its commune; who started it or the standing
    # member retries it (a job that is not retryable is refused with a message: 302 too).
    "jobs:status": row(failed_job, get=signed_in(200), post=READ_ONLY, foreign=True),
    "jobs:retry": row(failed_job, get=everyone(405), post=writers(302, STANDING), foreign=True),
    "jobs:page": row(
        standing_file_job, get=signed_in(404) | {STANDING: 200}, post=READ_ONLY, foreign=True
    ),
    "jobs:result": row(
        standing_file_job, get=signed_in(404) | {STANDING: 200}, post=READ_ONLY, foreign=True
    ),
    "province:dashboard_current": row(get=province_only(302), post=READ_ONLY),
    "province:dashboard": row(month, get=province_only(200), post=READ_ONLY),
    # The old download link: the dashboard (302); its buttons POST, which starts the
    # export job and goes to its page (302; the job waits for a commit that never comes).
    "province:dashboard_download": row(
        province_xlsx, get=province_only(302), post=province_only(302)
    ),
    "province:inbox": row(get=province_only(200), post=READ_ONLY),
    "province:receipt": row(receipt, get=province_only(200), post=READ_ONLY),
    "province:receipt_file": row(receipt_xlsx, get=province_only(200), post=READ_ONLY),
    # Empty POSTs: returning needs a note (the form's errors), accepting needs nothing.
    "province:receipt_return": row(receipt, get=everyone(405), post=province_only(400)),
    "province:receipt_accept": row(receipt, get=everyone(405), post=province_only(302)),
    "province:choose_commune": row(get=everyone(405), post=province_only(302)),
    # The province administrator's set-up pages; empty POSTs give the form's errors (400),
    # account_active without its check box sends to the deactivation's confirmation page
    # (302, nothing changed), whose empty POST lacks the confirmation field (400).
    "province:communes": row(get=province_admin_only(200), post=READ_ONLY),
    "province:commune_create": row(get=province_admin_only(200), post=province_admin_only(400)),
    "province:commune": row(quang_trung, get=province_admin_only(200), post=READ_ONLY),
    "province:commune_edit": row(
        quang_trung, get=province_admin_only(200), post=province_admin_only(400)
    ),
    "province:village_create": row(
        quang_trung, get=province_admin_only(200), post=province_admin_only(400)
    ),
    "province:village_edit": row(
        quang_trung_village, get=province_admin_only(200), post=province_admin_only(400)
    ),
    "province:body_create": row(
        quang_trung, get=province_admin_only(200), post=province_admin_only(400)
    ),
    "province:body_edit": row(
        quang_trung_body, get=province_admin_only(200), post=province_admin_only(400)
    ),
    "province:account_create": row(
        quang_trung, get=province_admin_only(200), post=province_admin_only(400)
    ),
    "province:account_active": row(
        quang_trung_account, get=everyone(405), post=province_admin_only(302)
    ),
    "province:account_deactivate": row(
        quang_trung_account, get=province_admin_only(200), post=province_admin_only(400)
    ),
    # Evidence: an upload without an item is a 404 (no indicator, no progress entry);
    # without a file, a writer is sent back to the page with the refusal.
    "evidence:upload_figure": row(month, get=everyone(405), post=signed_in(404)),
    "evidence:upload_progress": row(get=everyone(405), post=signed_in(404)),
    "evidence:upload_submission": row(
        veterans_submission, get=everyone(405), post=writers(302, STANDING), foreign=True
    ),
    "evidence:download": row(no_such_evidence, get=signed_in(404), post=READ_ONLY),
    "evidence:thumbnail": row(no_such_evidence, get=signed_in(404), post=READ_ONLY),
    "evidence:delete": row(no_such_evidence, get=everyone(405), post=signed_in(404)),
    "evidence:dossier": row(get=signed_in(200), post=READ_ONLY),
    "evidence:criterion_zip": row(no_such_criterion, get=signed_in(404), post=signed_in(404)),
    # As the province's exports: GET the dossier page, POST the dossier job's page.
    "evidence:all_zip": row(get=signed_in(302), post=signed_in(302)),
    # Each person's own notifications: someone else's is 404; the settings form saves even
    # empty (every switch off); the unsubscribe link works signed out (a signed token),
    # asking on GET and acting on POST.
    "notifications:list": row(get=signed_in(200), post=READ_ONLY),
    "notifications:open": row(
        standing_notification, get=everyone(405), post=signed_in(404) | {STANDING: 302}
    ),
    "notifications:mark_all_read": row(get=everyone(405), post=signed_in(302)),
    "notifications:settings": row(get=signed_in(200), post=signed_in(302)),
    "notifications:unsubscribe": row(standing_unsubscribe, get=everyone(200), post=everyone(200)),
    "assessment:current": row(get=everyone(302), post=READ_ONLY),
    "assessment:year": row(year, get=signed_in(200), post=READ_ONLY),
    "assessment:document": row(
        lambda: year() | {"kind": "xlsx"}, get=signed_in(200), post=READ_ONLY
    ),
    # Criteria sets: read by everyone with a place in the province; uploaded, edited while
    # a draft, published and corrected by the province administrator and the superuser.
    # Empty POSTs: a form's errors (400; the correcting version's form 200), an action
    # without its name or a refused publication (no indicators) back to the set (302).
    "sets:list": row(get=signed_in(200), post=READ_ONLY),
    "sets:detail": row(qd318, get=signed_in(200), post=READ_ONLY),
    "sets:download": row(qd318, get=signed_in(200), post=READ_ONLY),
    "sets:diff": row(qd318, get=signed_in(200), post=READ_ONLY),
    "sets:upload": row(get=writers(200, *SET_MANAGERS), post=writers(200, *SET_MANAGERS)),
    # A preview is its uploader's only: the superuser gets 404, the confirmation 302.
    "sets:upload_preview": row(
        set_upload,
        get=writers(200, "tinh.quantri") | {"admin": 404},
        post=writers(302, "tinh.quantri") | {"admin": 404},
    ),
    "sets:publish": row(qd51, get=everyone(405), post=writers(302, *SET_MANAGERS)),
    "sets:new_version": row(
        qd318, get=writers(200, *SET_MANAGERS), post=writers(200, *SET_MANAGERS)
    ),
    "sets:edit": row(draft, get=writers(200, *SET_MANAGERS), post=writers(400, *SET_MANAGERS)),
    "sets:criterion_add": row(
        draft, get=writers(200, *SET_MANAGERS), post=writers(400, *SET_MANAGERS)
    ),
    "sets:criterion_edit": row(
        draft_criterion, get=writers(200, *SET_MANAGERS), post=writers(400, *SET_MANAGERS)
    ),
    "sets:criterion_action": row(
        draft_criterion, get=everyone(405), post=writers(302, *SET_MANAGERS)
    ),
    "sets:indicator_add": row(
        draft, get=writers(200, *SET_MANAGERS), post=writers(400, *SET_MANAGERS)
    ),
    "sets:indicator_edit": row(
        draft_indicator, get=writers(200, *SET_MANAGERS), post=writers(400, *SET_MANAGERS)
    ),
    "sets:indicator_action": row(
        draft_indicator, get=everyone(405), post=writers(302, *SET_MANAGERS)
    ),
    "sets:threshold": row(
        draft_indicator, get=writers(200, *SET_MANAGERS), post=writers(400, *SET_MANAGERS)
    ),
    # The superuser (first in ROLES) deletes the threshold: the administrator then finds
    # nothing to delete.
    "sets:threshold_delete": row(
        draft_threshold,
        get=everyone(405),
        post=writers(302, "admin") | {"tinh.quantri": 404},
    ),
}


def url_names(patterns: list[Any] | None = None, namespace: str = "", prefix: str = "") -> dict:
    """{"namespace:name": route} for every URL pattern, walking included URLconfs."""
    found: dict[str, str] = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= url_names(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            found[f"{namespace}{pattern.name}" if pattern.name else f"<unnamed> {route}"] = route
    return found


def test_every_url_is_in_the_matrix() -> None:
    urls = url_names()
    missing = sorted(set(urls) - set(MATRIX))
    assert not missing, "\n".join(
        f"URL {name!r} ({urls[name]}) is not in MATRIX: add a row for it in "
        "tests/ntm_portal/test_url_matrix.py (sample kwargs, expected GET and POST statuses "
        "per role)."
        for name in missing
    )
    stale = sorted(set(MATRIX) - set(urls))
    assert not stale, f"MATRIX rows for URLs that no longer exist: {stale}"


def province_accounts(demo: Commune) -> None:
    """The province's coordinator and administrator, reading Quang Trung; a second
    commune of the province with its standing member; Quang Trung's February report as
    the province received it."""
    users = get_user_model().objects
    for username, role in zip(PROVINCE, (Role.COORDINATOR, Role.PROVINCE_ADMIN), strict=True):
        user = users.create_user(username)
        Profile.objects.create(user=user, province=demo.province, commune=demo, role=role)
    other = Commune.objects.create(
        name="Khác", province=demo.province, criteria_set=demo.criteria_set
    )
    village = Village.objects.create(commune=other, name="Một")
    HouseholdRecord.objects.create(village=village, as_of=datetime.date(2024, 1, 1), households=90)
    Profile.objects.create(user=users.create_user(OTHER), commune=other, role=Role.STANDING)
    report = MonthlyReport.objects.create(
        commune=demo, month=datetime.date(2024, 2, 1), state=ReportState.SENT
    )
    sent_at = datetime.datetime(2024, 2, 15, 3, tzinfo=datetime.UTC)
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        document_number=1,
        document_reference="1/BC-UBND",
        sent_at=sent_at,
        snapshot={},
        pdf=b"%PDF-1.7",
        xlsx=b"PK",
        pdf_sha256="",
        xlsx_sha256="",
    )
    ProvinceReceipt.objects.create(
        version=version,
        province=demo.province,
        commune=demo,
        month=report.month,
        received_at=sent_at,
        due_date=datetime.date(2024, 2, 16),
    )
    Province.objects.create(name="Tỉnh khác")  # a province with nothing to show


@pytest.fixture(scope="module")
def sessions(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """Each role signed in once for the module rather than in each of its 80 tests
    (signing in took a third of a test's time): the session keys, by username. The sessions
    and the province's draft set are written in a transaction around the module's tests;
    what a test does to them (signing out, deleting a threshold) is rolled back with the
    test."""
    with around_module(django_db_blocker):
        with django_db_blocker.unblock(), time_machine.travel(NOW):
            province_accounts(Commune.objects.get(name="Quang Trung"))
            province_draft()  # read and changed by the sets' rows: built once, not per test
            keys = {}
            for user in get_user_model().objects.filter(username__in=ROLES[1:]):
                client = Client()
                client.force_login(user)
                keys[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert set(keys) == set(ROLES[1:])
        yield keys


# One middleware chain for every request of the module, as a server has one: each client
# building its own was a twentieth of the module's time.
HANDLER = ClientHandler(enforce_csrf_checks=False)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_status_per_role(name: str, method: str, sessions: dict[str, str], demo: Any) -> None:
    entry = MATRIX[name]
    expected: Statuses = getattr(entry, method)
    url = reverse(name, kwargs=entry.kwargs()) + entry.query
    actual: Statuses = {}
    with time_machine.travel(NOW):
        for role in ROLES:
            client = Client()
            client.handler = HANDLER
            if role != ANONYMOUS:
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
            actual[role] = getattr(client, method)(url).status_code
    assert actual == expected, f"{method.upper()} {url}: actual {actual}"
