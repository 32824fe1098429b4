import datetime
from decimal import Decimal

import pytest

from plans.models import Movement, Plan, ResourceItem, Task
from villages.models import BodyKind, ResponsibleBody, Role


def _module_uses_demo(request) -> bool:
    return any(
        "demo" in item.fixturenames
        for item in request.session.items
        if item.module is request.module
    )


@pytest.fixture(scope="module", autouse=True)
def _fresh_installation_module(request):
    """These tests build their own commune and plan (the demo's would be a second one),
    except those about the demo itself. The demo is removed once for a module none of
    whose tests uses it (removing it takes longer than most tests)..."""
    if not _module_uses_demo(request):
        request.getfixturevalue("no_demo_in_module")


@pytest.fixture(autouse=True)
def _fresh_installation(request):
    """... and for each test that does not use it in a module where others do."""
    if "demo" not in request.fixturenames and _module_uses_demo(request):
        request.getfixturevalue("no_demo")


@pytest.fixture
def plan(commune):
    return Plan.objects.create(
        commune=commune,
        year=2024,
        criteria_set=commune.criteria_set,
        number="12/KH-UBND",
        date=datetime.date(2024, 1, 30),
        title="Thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2024",
    )


@pytest.fixture
def other_body(commune):
    return ResponsibleBody.objects.create(
        commune=commune, name="Hội Nông dân xã", short_name="HND", kind=BodyKind.MASS_ORGANISATION
    )


@pytest.fixture
def task(plan, body):
    return Task.objects.create(
        plan=plan,
        title="Xây dựng mô hình liên kết sản xuất",
        lead_body=body,
        deadline=datetime.date(2024, 6, 30),
        q2=True,
    )


@pytest.fixture
def standing(make_user, commune):
    return make_user("thuongtruc", Role.STANDING, commune)


@pytest.fixture
def officer(make_user, commune, body):
    """A member of the task's lead body."""
    return make_user("ubnd", Role.OFFICER, commune, bodies=[body])


@pytest.fixture
def other_officer(make_user, commune, other_body):
    return make_user("hoinongdan", Role.OFFICER, commune, bodies=[other_body])


@pytest.fixture
def viewer(make_user, commune):
    return make_user("captren", Role.VIEWER, commune)


@pytest.fixture
def movement(plan, body):
    return Movement.objects.create(plan=plan, name="Phong trào ngày chủ nhật sạch", organiser=body)


@pytest.fixture
def resource_item(plan):
    return ResourceItem.objects.create(plan=plan, name="Hệ thống cấp nước tập trung")


@pytest.fixture
def many_tasks(commune, body, other_body):
    """`make(plans, tasks_per_plan)`: plans for consecutive years, each with tasks that
    have a criterion, an indicator, a lead body and two supporting bodies."""
    from criteria.models import Criterion, Indicator

    def make(plans: int, per_plan: int) -> list[Plan]:
        criterion = Criterion.objects.create(
            criteria_set=commune.criteria_set, number=13, name="Tổ chức sản xuất"
        )
        indicator = Indicator.objects.create(
            criteria_set=commune.criteria_set,
            criterion=criterion,
            code="13.2",
            name="Liên kết",
            kind="boolean",
        )
        made = []
        for offset in range(plans):
            year = 2024 - offset
            plan = Plan.objects.create(
                commune=commune, year=year, criteria_set=commune.criteria_set, title=f"KH {year}"
            )
            tasks = Task.objects.bulk_create(
                Task(
                    plan=plan,
                    title=f"Nhiệm vụ {n}",
                    criterion=criterion,
                    indicator=indicator,
                    lead_body=body,
                    deadline=datetime.date(year, 1 + n % 12, 1),
                    q1=n % 2 == 0,
                    progress=Decimal(n % 100),
                    position=n,
                )
                for n in range(per_plan)
            )
            through = Task.supporting_bodies.through
            through.objects.bulk_create(
                through(task_id=t.pk, responsiblebody_id=b.pk)
                for t in tasks
                for b in (body, other_body)
            )
            made.append(plan)
        return made

    return make
