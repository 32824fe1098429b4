"""The 2024 plan as load_demo loads it from the seed, and the issue's "done when"."""

import datetime
from decimal import Decimal

import time_machine
from django.core.management import call_command
from django.urls import reverse

from plans.models import (
    FundingSource,
    LegalBasis,
    Milestone,
    Movement,
    Plan,
    ResourceItem,
    Section,
    Task,
    TaskState,
    TaskUpdate,
)

TZ = datetime.timezone(datetime.timedelta(hours=7))
FIVE_VILLAGES = {"Hợp Lộc", "Thuận Hòa", "Bái E", "Ràm Duộng", "Quang Vinh"}


def test_the_plan_is_the_seeds(demo):
    plan = Plan.objects.get(year=2024)
    assert plan.is_sample  # the seed has no number or date
    assert plan.number == "…/KH-UBND"
    assert [(b.number, b.date) for b in plan.legal_bases.all()] == [
        ("34-NQ/ĐU", datetime.date(2023, 12, 25)),
        ("34/NQ-HĐND", datetime.date(2023, 12, 27)),
        ("16/QĐ-UBND", datetime.date(2024, 1, 25)),
    ]
    assert (plan.review_met, plan.review_total) == (17, 19)
    assert sorted(plan.unmet_criteria.values_list("number", flat=True)) == [13, 17]
    assert plan.signer_name == "Bùi Văn Lương"
    assert Milestone.objects.filter(plan=plan).count() == 4
    assert Movement.objects.filter(plan=plan).count() == 8
    check_tasks_linked_to_13_2_13_3_and_17()
    check_every_section_and_body_has_its_tasks()
    check_resources_are_marked_sample()


def check_tasks_linked_to_13_2_13_3_and_17():
    plan = Plan.objects.get(year=2024)
    by_code = {}
    for task in plan.tasks.filter(criterion__isnull=False).select_related("indicator"):
        by_code.setdefault(task.indicator.code if task.indicator else "", []).append(task)
    assert {"13.2", "13.3", "17.1"} <= set(by_code)
    for task in by_code["13.2"] + by_code["13.3"]:
        assert task.lead_body.short_name == "UBND xã"
        assert task.deadline == datetime.date(2024, 12, 31)
    water = by_code["17.1"]
    assert len(water) == 2
    mobilise = next(t for t in water if "5 thôn" in t.title)
    villages = {b.village.name for b in mobilise.supporting_bodies.select_related("village")}
    assert villages == FIVE_VILLAGES
    assert any("hệ thống cấp nước tập trung" in t.description for t in water)


def check_every_section_and_body_has_its_tasks():
    plan = Plan.objects.get(year=2024)
    sections = set(plan.tasks.values_list("section", flat=True))
    assert sections == set(Section.values) - {Section.OTHER}
    leads = set(plan.tasks.values_list("lead_body__short_name", flat=True))
    assert {"UBND xã", "UBMTTQ xã", "Trường học", "Trạm Y tế", "BCĐ xã"} <= leads


def check_resources_are_marked_sample():
    item = ResourceItem.objects.get()
    assert item.is_sample
    assert item.amounts.filter(source=FundingSource.PEOPLE_WORKDAYS).exists()


def test_loading_twice_adds_nothing(demo):
    counts = [m.objects.count() for m in (Plan, LegalBasis, Task, TaskUpdate, Movement)]
    call_command("load_demo", until="2024-03", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.objects.count() for m in (Plan, LegalBasis, Task, TaskUpdate, Movement)] == counts


def test_standing_member_reads_the_plan_and_sees_overdue_tasks(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="thuongtruc"))
    page = client.get(reverse("plans:detail", args=[2024])).content.decode()
    assert "Thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2024" in page
    assert "34-NQ/ĐU" in page and "16/QĐ-UBND" in page
    assert "Thôn Hợp Lộc, Thuận Hòa, Bái E, Ràm Duộng, Quang Vinh" in page
    assert "Bùi Văn Lương" in page
    criterion_17 = Plan.objects.get(year=2024).unmet_criteria.get(number=17)
    with time_machine.travel(datetime.datetime(2024, 4, 2, 9, tzinfo=TZ), tick=False):
        serving = client.get(reverse("plans:tasks", args=[2024]), {"criterion": criterion_17.pk})
        overdue = client.get(reverse("plans:tasks", args=[2024]), {"overdue": "1"})
    assert len(serving.context["tasks"]) == 2
    overdue_titles = [t.title for t in overdue.context["tasks"]]
    assert any(title.startswith("Kiện toàn Ban chỉ đạo xã") for title in overdue_titles)
    assert not any(title.startswith("Xây dựng kế hoạch thực hiện") for title in overdue_titles)
    check_resources_by_source(client)


def test_peoples_committee_officer_posts_progress(client, demo, django_user_model):
    task = Task.objects.get(indicator__code="13.2")
    client.force_login(django_user_model.objects.get(username="ubnd"))
    response = client.post(
        reverse("plans:task", args=[task.pk]),
        {
            "progress": "25",
            "state": TaskState.IN_PROGRESS,
            "note": "Khảo sát",
            "version": f"{task.pk}:1",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.progress == Decimal(25)
    not_theirs = Task.objects.filter(lead_body__short_name="Trạm Y tế").first()
    forbidden = client.post(
        reverse("plans:task", args=[not_theirs.pk]),
        {"progress": "25", "state": "in_progress", "note": "x", "version": f"{not_theirs.pk}:1"},
    )
    assert forbidden.status_code == 403


def check_resources_by_source(client):
    response = client.get(reverse("plans:resources", args=[2024]))
    totals = {t.source: t for t in response.context["totals"]}
    assert totals[FundingSource.PROVINCIAL].planned > 0
    assert len(totals) == len(FundingSource)
