import datetime

import pytest

from reports.models import MonthlyReport, ReportState

URL = "/reports/monthly/2024-03/"


def login(client, staff, role):
    if role != "anonymous":
        client.force_login(getattr(staff, role))
    return client


@pytest.mark.parametrize(
    "url",
    [URL, "/reports/monthly/", "/reports/monthly/2024-03.pdf", "/reports/quarterly/2024-Q1.xlsx"],
)
def test_anonymous_is_sent_to_login(client, demo, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "edits", "approves"),
    [
        ("standing", True, False),
        ("head", False, True),
        ("officer", False, False),
        ("viewer", False, False),
    ],
)
def test_page_shows_each_role_what_it_may_do(client, staff, role, edits, approves):
    response = login(client, staff, role).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "17/19" in content
    assert ('action="/reports/monthly/2024-03/narrative/"' in content) is edits
    assert ('action="/reports/monthly/2024-03/approve/"' in content) is approves


def test_index_links_months_and_quarters(client, staff):
    response = login(client, staff, "officer").get("/reports/monthly/")
    content = response.content.decode()
    assert 'href="/reports/monthly/2024-03/"' in content
    assert 'href="/reports/quarterly/2024-Q1.pdf"' in content


@pytest.mark.parametrize(
    "url",
    [
        "/reports/monthly/2024-13/",
        "/reports/monthly/2024-13.pdf",
        "/reports/monthly/2024-03.doc",
        "/reports/quarterly/2024-Q5.pdf",
        "/reports/quarterly/2024-Q0.xlsx",
        "/reports/quarterly/2024-1.pdf",
        "/reports/monthly/2099-01/",
        "/reports/monthly/2024-03.pdf?version=7",
        "/reports/monthly/2024-03.pdf?version=x",
    ],
)
def test_unknown_or_malformed_period_is_404(client, staff, url):
    assert login(client, staff, "officer").get(url).status_code == 404


def test_month_without_data_is_a_page_not_an_error(client, staff):
    response = login(client, staff, "viewer").get("/reports/monthly/2023-06/")
    assert response.status_code == 200
    assert response.context["data"]["has_data"] is False


def test_standing_member_saves_the_narrative(client, staff):
    page = login(client, staff, "standing").get(URL)
    data = {**page.context["form"].initial, "leadership": "Chỉ đạo quyết liệt."}
    response = client.post(URL + "narrative/", data)
    assert response.status_code == 302
    report = MonthlyReport.objects.get(month=datetime.date(2024, 3, 1))
    assert report.leadership == "Chỉ đạo quyết liệt."
    assert report.proposals.startswith("- Ủy ban nhân dân xã")  # pre-filled text kept


@pytest.mark.parametrize("role", ["head", "officer", "viewer"])
def test_only_the_standing_member_edits_or_sends(client, staff, role):
    login(client, staff, role)
    assert client.post(URL + "narrative/", {"version": ""}).status_code == 403
    assert client.post(URL + "send/").status_code == 403
    assert client.post(URL + "reopen/", {"reason": "x"}).status_code == 403
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("role", ["standing", "officer", "viewer"])
def test_only_the_head_approves(client, staff, role):
    assert login(client, staff, role).post(URL + "approve/").status_code == 403
    assert not MonthlyReport.objects.filter(state=ReportState.APPROVED).exists()


def test_head_approves_then_standing_member_sends(client, staff, fake_pdf):
    login(client, staff, "head").post(URL + "approve/")
    assert MonthlyReport.objects.get().state == ReportState.APPROVED
    client.force_login(staff.standing)
    response = client.post(URL + "send/", follow=True)
    assert MonthlyReport.objects.get().state == ReportState.SENT
    content = response.content.decode()
    assert "1/BC-UBND" in content
    assert 'href="/reports/monthly/2024-03.pdf?version=1"' in content


def test_sending_without_approval_is_refused_with_a_message(client, staff, fake_pdf):
    response = login(client, staff, "standing").post(URL + "send/", follow=True)
    assert not MonthlyReport.objects.filter(state=ReportState.SENT).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_editing_a_sent_report_is_refused_with_a_message(client, staff, fake_pdf):
    login(client, staff, "head").post(URL + "approve/")
    client.force_login(staff.standing)
    client.post(URL + "send/")
    report = MonthlyReport.objects.get()
    response = client.post(
        URL + "narrative/",
        {"version": f"{report.pk}:{report.version}", "leadership": "Sửa"},
        follow=True,
    )
    assert MonthlyReport.objects.get().leadership == ""
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"


def test_reopen_needs_a_reason(client, staff, fake_pdf):
    login(client, staff, "head").post(URL + "approve/")
    client.force_login(staff.standing)
    client.post(URL + "send/")
    assert client.post(URL + "reopen/", {"reason": ""}).status_code == 400
    client.post(URL + "reopen/", {"reason": "Sai số liệu"})
    assert MonthlyReport.objects.get().state == ReportState.DRAFT


@pytest.mark.parametrize("action", ["narrative", "approve", "send", "reopen"])
def test_actions_are_post_only(client, staff, action):
    assert login(client, staff, "standing").get(f"{URL}{action}/").status_code == 405


def test_page_is_read_only(client, staff):
    assert login(client, staff, "standing").post(URL).status_code == 405


def test_sending_a_sent_report_again_says_it_was_sent_with_its_number(client, staff, fake_pdf):
    login(client, staff, "head").post(URL + "approve/")
    client.force_login(staff.standing)
    client.post(URL + "send/")
    reference = MonthlyReport.objects.get().versions.get().document_reference
    response = client.post(URL + "send/", follow=True)
    message = [str(m) for m in response.context["messages"]][-1]
    assert "đã được gửi rồi" in message
    assert reference in message
    assert MonthlyReport.objects.get().versions.count() == 1
