"""The home page's to-do list ("Việc cần làm"), role by role, on a small commune built
here: each item appears, links to the page where it is done, and goes once it is done."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from criteria.models import IndicatorRecord, MonthClosure
from criteria.monthly import monthly_status_rebuild
from plans.models import Plan, Task, TaskState
from reports.models import MonthlyReport, ReportState
from submissions.models import Submission
from tests.submissions.factories import make_submission
from villages.models import BodyKind, ResponsibleBody, Role

NOVEMBER = datetime.date(2026, 11, 1)
OCTOBER = datetime.date(2026, 10, 1)
# 30/11/2026, 09:00 in Hà Nội: November's reports were due on the 16th.
TODAY = datetime.datetime(2026, 11, 30, 2, 0, tzinfo=datetime.UTC)
# 10/11/2026: six days before the due date.
EARLY = datetime.datetime(2026, 11, 10, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _small_commune(no_demo):
    """Only the commune built here: the demo's would make the counts meaningless."""


@pytest.fixture
def ratio(make_indicator, add_threshold):
    indicator = make_indicator(
        "17.1",
        kind="ratio",
        per_village=True,
        numerator_label="Hộ dùng nước sạch",
        denominator_label="Tổng số hộ",
    )
    add_threshold(indicator, ">=", "60")
    return indicator


@pytest.fixture
def village_body(commune, villages):
    return ResponsibleBody.objects.create(
        commune=commune, name="Thôn Một", kind=BodyKind.VILLAGE, village=villages[0]
    )


@pytest.fixture
def village_head(make_user, commune, village_body):
    return make_user("truongthon", Role.VILLAGE_HEAD, commune, bodies=[village_body])


@pytest.fixture
def officer(make_user, commune, body):
    return make_user("canbo", Role.OFFICER, commune, bodies=[body])


@pytest.fixture
def standing(make_user, commune, body):
    return make_user("thuongtruc", Role.STANDING, commune)


@pytest.fixture
def head(make_user, commune):
    return make_user("truongban", Role.HEAD, commune)


@pytest.fixture
def viewer(make_user, commune):
    return make_user("captren", Role.VIEWER, commune)


def todo(client, user) -> dict[str, list[tuple[str, str]]]:
    """The home page's to-do items by kind: (link, text) pairs. The tests here write
    with the ORM, behind the services that raise the commune's data version, so the
    home page's cached content is dropped first (tests/dashboard/test_cache.py checks
    that every service's write shows on the next home page)."""
    cache.clear()
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    items: dict[str, list[tuple[str, str]]] = {}
    for kind, body in re.findall(r'data-kind="([a-z_]+)">(.*?)</li>', page, re.S):
        link = re.search(r'href="([^"]+)"', body).group(1).replace("&amp;", "&")
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()
        items.setdefault(kind, []).append((link, text))
    return items


@time_machine.travel(TODAY, tick=False)
def test_village_head_is_asked_for_the_villages_figures_until_entered(
    client, village_head, villages, ratio
):
    items = todo(client, village_head)
    url = reverse("criteria:village_month", kwargs={"month": NOVEMBER, "pk": villages[0].pk})
    [(link, text)] = items["figures_due"]
    assert link == url
    assert "Nhập số liệu tháng 11/2026 của thôn Một" in text
    assert "hạn 16/11/2026 (quá hạn 14 ngày)" in text
    IndicatorRecord.objects.create(
        commune=villages[0].commune,
        indicator=ratio,
        village=villages[0],
        month=NOVEMBER,
        numerator=50,
        denominator=100,
    )
    assert "figures_due" not in todo(client, village_head)


@time_machine.travel(TODAY, tick=False)
def test_no_figures_item_once_the_month_is_closed(client, commune, village_head, ratio, standing):
    MonthClosure.objects.create(commune=commune, month=NOVEMBER, changed_by=standing)
    assert "figures_due" not in todo(client, village_head)


@time_machine.travel(EARLY, tick=False)
def test_officer_report_due_with_days_left_then_gone_once_sent(client, officer, body):
    [(link, text)] = todo(client, officer)["report_due"]
    assert link == reverse("submissions:submission", kwargs={"month": NOVEMBER, "body_pk": body.pk})
    assert "Gửi báo cáo tháng 11/2026 của Ủy ban nhân dân xã" in text
    assert "hạn 16/11/2026 (còn 6 ngày)" in text
    make_submission(body, NOVEMBER)
    assert "report_due" not in todo(client, officer)


@time_machine.travel(TODAY, tick=False)
def test_officer_sees_last_months_sent_back_report_with_the_note(client, officer, body):
    make_submission(body, NOVEMBER)
    make_submission(
        body, OCTOBER, sent_back=True, sent_back_note="Thiếu số liệu hộ nghèo", version=2
    )
    [(link, text)] = todo(client, officer)["sent_back"]
    assert link == reverse("submissions:submission", kwargs={"month": OCTOBER, "body_pk": body.pk})
    assert "Báo cáo tháng 10/2026 của Ủy ban nhân dân xã bị trả lại" in text
    assert "Thiếu số liệu hộ nghèo" in text
    Submission.objects.filter(month=OCTOBER).update(sent_back=False)
    assert "sent_back" not in todo(client, officer)


@time_machine.travel(TODAY, tick=False)
def test_standing_member_sees_missing_units_until_all_reported(
    client, standing, body, village_body
):
    [(link, text)] = todo(client, standing)["missing_units"]
    assert link == reverse("submissions:submissions", kwargs={"month": NOVEMBER})
    assert "2 đơn vị chưa nộp báo cáo tháng 11/2026" in text
    assert "Thôn Một" in text
    make_submission(body, NOVEMBER)
    make_submission(village_body, NOVEMBER)
    assert "missing_units" not in todo(client, standing)


@time_machine.travel(TODAY, tick=False)
def test_standing_member_writes_then_sends_the_monthly_report(client, commune, standing):
    [(link, text)] = todo(client, standing)["narrative_due"]
    assert link == reverse("reports:monthly", kwargs={"month": NOVEMBER})
    assert "Viết phần nhận định của báo cáo tháng 11/2026" in text
    report = MonthlyReport.objects.create(commune=commune, month=NOVEMBER, assessment="Tốt")
    items = todo(client, standing)
    assert "narrative_due" not in items and "report_to_send" not in items
    report.state = ReportState.APPROVED
    report.save()
    [(link, _text)] = todo(client, standing)["report_to_send"]
    assert link == reverse("reports:monthly", kwargs={"month": NOVEMBER})
    report.state = ReportState.SENT
    report.save()
    assert "report_to_send" not in todo(client, standing)


@time_machine.travel(TODAY, tick=False)
def test_standing_member_sees_overdue_tasks_until_done(client, commune, standing, body):
    plan = Plan.objects.create(
        commune=commune, year=2026, criteria_set=commune.criteria_set, title="Kế hoạch 2026"
    )
    task = Task.objects.create(
        plan=plan, title="Khảo sát", lead_body=body, deadline=datetime.date(2026, 9, 30)
    )
    [(link, text)] = todo(client, standing)["tasks_overdue"]
    assert link == reverse("plans:tasks", kwargs={"year": 2026}) + "?overdue=on"
    assert "1 nhiệm vụ của kế hoạch năm 2026 đã quá hạn" in text
    task.state = TaskState.DONE
    task.progress = 100
    task.save()
    assert "tasks_overdue" not in todo(client, standing)


@time_machine.travel(TODAY, tick=False)
def test_head_approves_the_report_waiting_for_approval(client, commune, head):
    report = MonthlyReport.objects.create(commune=commune, month=NOVEMBER, assessment="Tốt")
    [(link, text)] = todo(client, head)["report_to_approve"]
    assert link == reverse("reports:monthly", kwargs={"month": NOVEMBER})
    assert "Phê duyệt báo cáo tháng 11/2026" in text
    report.state = ReportState.APPROVED
    report.save()
    assert "report_to_approve" not in todo(client, head)


@time_machine.travel(TODAY, tick=False)
def test_head_sees_criteria_at_risk_and_late_units(client, head, villages, ratio, village_body):
    for village in villages:
        IndicatorRecord.objects.create(
            commune=village.commune,
            indicator=ratio,
            village=village,
            month=NOVEMBER,
            numerator=10,
            denominator=100,
        )
    # Written behind records_save's back: the stored monthly status is rebuilt.
    monthly_status_rebuild(villages[0].commune)
    items = todo(client, head)
    [(link, text)] = items["criterion_at_risk"]
    assert link == reverse("dashboard:criterion", kwargs={"month": NOVEMBER, "number": 17})
    assert "Tiêu chí 17 (Tiêu chí 17) chưa đạt" in text
    assert "Chưa có nhiệm vụ nào trong kế hoạch" in text
    [(link, _text)] = items["missing_units"]
    assert link == reverse("submissions:submissions", kwargs={"month": NOVEMBER})
    make_submission(village_body, NOVEMBER)
    assert "missing_units" not in todo(client, head)


@time_machine.travel(EARLY, tick=False)
def test_head_is_not_told_about_units_before_the_due_date(client, head, village_body):
    assert "missing_units" not in todo(client, head)


@time_machine.travel(TODAY, tick=False)
def test_viewer_sees_the_reports_received(client, commune, viewer):
    client.force_login(viewer)
    assert "Không có việc nào cần làm" in client.get(reverse("home")).content.decode()
    MonthlyReport.objects.create(commune=commune, month=OCTOBER, state=ReportState.SENT)
    [(link, text)] = todo(client, viewer)["report_received"]
    assert link == reverse("reports:monthly", kwargs={"month": OCTOBER})
    assert "Đã nhận báo cáo tháng 10/2026" in text


def _grow(commune, body, count: int) -> None:
    """More bodies, reports and tasks: the home page's queries must not follow."""
    plan, _created = Plan.objects.get_or_create(
        commune=commune, year=2026, defaults={"criteria_set": commune.criteria_set, "title": "KH"}
    )
    start = ResponsibleBody.objects.filter(commune=commune).count()
    for index in range(start, start + count):
        extra = ResponsibleBody.objects.create(
            commune=commune, name=f"Đơn vị {index}", kind=BodyKind.OTHER
        )
        make_submission(extra, OCTOBER, sent_back=True, sent_back_note="Sửa", version=2)
        Task.objects.create(plan=plan, title=f"Việc {index}", lead_body=extra, deadline=OCTOBER)
        MonthlyReport.objects.create(
            commune=commune, month=datetime.date(2025, index % 12 + 1, 1), assessment="x"
        )
    extra.members.add(*body.members.all())


@pytest.mark.parametrize(
    ("role_user", "queries"),
    # Each + 2: which set assesses the month (criteria.sets: overrides, published sets);
    # + 1 on every page with the menu: the bell's unread count
    # (notifications/context_processors.py).
    [("village_head", 21), ("officer", 20), ("standing", 22), ("head", 20), ("viewer", 13)],
)
@time_machine.travel(TODAY, tick=False)
def test_home_query_count_does_not_grow_with_the_data(
    request, client, commune, body, ratio, role_user, queries, django_assert_num_queries
):
    user = request.getfixturevalue(role_user)
    body.members.add(user)
    client.force_login(user)
    # Counts include the session write SESSION_SAVE_EVERY_REQUEST makes; the year's plan
    # exists at both sizes (without one, the tasks' queries are not made).
    _grow(commune, body, 1)
    with django_assert_num_queries(queries):
        client.get(reverse("home"))
    # Cached for the user under the commune's data version (villages/cache.py): the
    # session, the user, the profile with the commune, the bell; _grow writes behind the
    # services' back, so the cache is emptied to count the page built again.
    with django_assert_num_queries(4):
        client.get(reverse("home"))
    _grow(commune, body, 8)
    cache.clear()
    with django_assert_num_queries(queries):
        assert client.get(reverse("home")).status_code == 200
