from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from criteria.periods import current_month
from criteria.sets import criteria_set_for
from plans import selectors, services
from plans.access import can_edit_plans, can_post_progress, get_plan_for_user, get_task_for_user
from plans.forms import (
    CommitmentForm,
    LegalBasisFormSet,
    MilestoneFormSet,
    PlanForm,
    ProgressForm,
    ResourceAmountForm,
    TaskFilterForm,
    TaskForm,
)
from plans.models import Plan, Section, TaskState, quarter_bounds
from villages.access import body_ids, commune_for_user
from villages.conflicts import version_marker
from villages.models import Commune

GET_POST = ["GET", "HEAD", "POST"]


@require_safe
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Every year's plan, newest first, with its task counts."""
    plans = (
        Plan.objects.filter(commune=commune_for_user(request.user))
        .annotate(
            task_total=Count("tasks"),
            task_done=Count("tasks", filter=Q(tasks__state=TaskState.DONE)),
        )
        .order_by("-year")
    )
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "can_edit": can_edit_plans(request.user)},
    )


@require_http_methods(GET_POST)
@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_plans(request.user):
        raise PermissionDenied
    commune = commune_for_user(request.user)
    # A new plan's criteria are those of the set in force now (criteria.sets).
    criteria_set = criteria_set_for(commune, current_month())
    return _plan_form(request, Plan(), commune, getattr(criteria_set, "pk", None))


@require_http_methods(GET_POST)
@login_required
def plan_edit(request: HttpRequest, year: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, year, write=True)
    return _plan_form(request, plan, plan.commune, plan.criteria_set_id)


def _plan_form(
    request: HttpRequest, plan: Plan, commune: Commune | None, criteria_set_id: int | None
) -> HttpResponse:
    """The plan form with its legal bases and milestones, for a new or existing plan."""
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, instance=plan, criteria_set_id=criteria_set_id)
    formsets = [
        LegalBasisFormSet(data, instance=plan, prefix="bases"),
        MilestoneFormSet(data, instance=plan, prefix="milestones"),
    ]
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets):
        try:
            saved = services.plan_save(form=form, formsets=formsets, commune=commune)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("plans:detail", year=saved.year)
    return render(
        request,
        "plans/plan_form.html",
        {"plan": plan, "form": form, "formsets": formsets},
        status=400 if data is not None else 200,
    )


@require_safe
@login_required
def plan_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The plan as a readable document, in the order of the signed text."""
    document = selectors.plan_document(get_plan_for_user(request.user, year))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": document.plan,
            "sections": document.sections,
            "criteria_tasks": document.criteria_tasks,
            "met_criteria": document.met_criteria,
            "section_labels": {section.value: section.label for section in Section},
            "can_edit": can_edit_plans(request.user),
        },
    )


@require_safe
@login_required
def task_list(request: HttpRequest, year: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, year)
    form = TaskFilterForm(request.GET or None, plan=plan)
    filters = form.cleaned_data if form.is_valid() else {}
    mine = filters.get("mine")
    tasks = selectors.task_list(
        plan=plan,
        today=timezone.localdate(),
        body_id=filters["body"].pk if filters.get("body") else None,
        criterion_id=filters["criterion"].pk if filters.get("criterion") else None,
        state=filters.get("state", ""),
        quarter=filters.get("quarter"),
        overdue=bool(filters.get("overdue")),
        body_ids=body_ids(request.user) if mine else None,
    )
    return render(
        request,
        "plans/task_list.html",
        {"plan": plan, "form": form, "tasks": tasks, "can_edit": can_edit_plans(request.user)},
    )


@require_http_methods(GET_POST)
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task with its progress log; POST posts progress (lead body or standing member)."""
    posting = request.method == "POST"
    task = get_task_for_user(request.user, pk, progress=posting)
    form = ProgressForm(
        request.POST if posting else None,
        initial={
            "progress": task.progress,
            "state": task.state,
            "version": version_marker(task),
        },
    )
    if posting and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            base = data.pop("version")
            services.task_progress_post(task=task, user=request.user, base=base, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("plans:task", pk=task.pk)
    updates = task.updates.select_related("author")
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "updates": updates,
            "supporting": task.supporting_bodies.all(),
            "form": form,
            "can_post": can_post_progress(request.user, task),
            "can_edit": can_edit_plans(request.user),
        },
        status=400 if posting else 200,
    )


@require_http_methods(GET_POST)
@login_required
def task_create(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("plan", ""))
    except ValueError:
        raise Http404 from None
    plan = get_plan_for_user(request.user, year, write=True)
    form = TaskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(plan=plan, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Task added to the plan."))
            return redirect("plans:task", pk=task.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/task_form.html", {"plan": plan, "form": form}, status=status)


@require_http_methods(GET_POST)
@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk, write=True)
    form = TaskForm(request.POST or None, instance=task, plan=task.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_edit(
                task=task,
                base=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Task saved."))
            return redirect("plans:task", pk=task.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "plans/task_form.html",
        {"plan": task.plan, "form": form, "task": task},
        status=status,
    )


@require_safe
@login_required
def quarter(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    """What the quarter must achieve and the tasks scheduled or due in it."""
    plan = get_plan_for_user(request.user, year)
    first, last = quarter_bounds(year, quarter)
    milestone = plan.milestones.filter(quarter=quarter).first()
    tasks = selectors.task_rows(plan.tasks.in_quarter(year, quarter))
    return render(
        request,
        "plans/quarter.html",
        {
            "plan": plan,
            "quarter": quarter,
            "first": first,
            "last": last,
            "milestone": milestone,
            "tasks": tasks,
            "quarters": [1, 2, 3, 4],
        },
    )


@require_http_methods(GET_POST)
@login_required
def movement_list(request: HttpRequest, year: int) -> HttpResponse:
    """The plan's emulation movements; POST records a unit's commitment."""
    posting = request.method == "POST"
    plan = get_plan_for_user(request.user, year, write=posting)
    form = CommitmentForm(request.POST or None, plan=plan)
    if posting and form.is_valid():
        try:
            services.commitment_add(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Commitment recorded."))
            return redirect("plans:movements", year=plan.year)
    return render(
        request,
        "plans/movements.html",
        {
            "plan": plan,
            "movements": selectors.movements(plan=plan),
            "form": form,
            "can_edit": can_edit_plans(request.user),
        },
        status=400 if posting else 200,
    )


@require_http_methods(GET_POST)
@login_required
def resources(request: HttpRequest, year: int) -> HttpResponse:
    """Resources mobilised: totals by source, then each work or item; POST sets one amount."""
    posting = request.method == "POST"
    plan = get_plan_for_user(request.user, year, write=posting)
    form = ResourceAmountForm(request.POST or None, plan=plan)
    if posting and form.is_valid():
        try:
            services.resource_amount_set(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Amount recorded."))
            return redirect("plans:resources", year=plan.year)
    return render(
        request,
        "plans/resources.html",
        {
            "plan": plan,
            "totals": selectors.resource_totals(plan=plan),
            "items": selectors.resource_items(plan=plan),
            "form": form,
            "can_edit": can_edit_plans(request.user),
        },
        status=400 if posting else 200,
    )
