import datetime

from django.urls import reverse

from plans.models import LegalBasis, Milestone, Section, Task


def url(year=2024):
    return reverse("plans:detail", args=[year])


def test_the_plan_reads_as_a_document(client, plan, viewer, make_indicator, body):
    LegalBasis.objects.create(
        plan=plan,
        kind="Nghị quyết",
        number="34/NQ-HĐND",
        date=datetime.date(2023, 12, 27),
        issuer="Hội đồng nhân dân xã",
    )
    Milestone.objects.create(plan=plan, quarter=1, description="Ban hành Kế hoạch")
    indicator = make_indicator("13.2")
    Task.objects.create(
        plan=plan,
        section=Section.CRITERIA,
        title="Mô hình liên kết",
        description="Chỉ tiêu 13.2. Xây dựng mô hình liên kết",
        criterion=indicator.criterion,
        indicator=indicator,
        lead_body=body,
        deadline=datetime.date(2024, 12, 31),
    )
    plan.review_met, plan.review_total = 18, 19
    plan.save()
    plan.unmet_criteria.add(indicator.criterion)
    client.force_login(viewer)
    response = client.get(url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Số: 12/KH-UBND" in page
    assert "34/NQ-HĐND" in page
    assert "27/12/2023" in page
    assert "Chỉ tiêu 13.2. Xây dựng mô hình liên kết" in page
    assert "Ban hành Kế hoạch" in page
    assert [g.criterion for g in response.context["criteria_tasks"]] == [indicator.criterion]


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(url())
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_no_plan_for_the_year_is_404(client, plan, viewer):
    client.force_login(viewer)
    assert client.get(url(2030)).status_code == 404


def test_read_only(client, plan, viewer):
    client.force_login(viewer)
    assert client.post(url()).status_code == 405
