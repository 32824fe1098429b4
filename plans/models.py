"""The annual plan and what follows from it: tasks per criterion with their progress log,
quarterly milestones, emulation movements and the resources mobilised.

A separate app (floor 3, above `criteria` and `villages`) because a plan is a document of
its own that links to criteria, indicators, bodies and villages, and `reports` builds
on it; nothing below imports it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from criteria.models import CriteriaSet, Criterion, Indicator
from villages.models import Commune, ResponsibleBody, Village, length_constraints

PLAN_TEXT_MAX_LENGTH = 10000
PLAN_TEXTS = (
    "preamble",
    "purposes",
    "requirements",
    "review_note",
    "implementation_intro",
    "closing",
)

QUARTERS = (1, 2, 3, 4)


def quarter_of(date: datetime.date) -> int:
    return (date.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a quarter."""
    first = datetime.date(year, 3 * quarter - 2, 1)
    last_month_next = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return first, last_month_next - datetime.timedelta(days=1)


class Plan(models.Model):
    """The commune's annual plan (Kế hoạch thực hiện Chương trình MTQG xây dựng NTM)."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="plans",
        help_text=_("The set the plan's tasks refer to."),
    )
    number = models.CharField(
        _("number"), max_length=50, blank=True, help_text=_("e.g. 12/KH-UBND")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample number and date"),
        default=False,
        help_text=_("The number and date are placeholders, not those of the signed document."),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=200, default="ỦY BAN NHÂN DÂN")
    title = models.CharField(_("title"), max_length=300)
    preamble = models.TextField(
        _("preamble"),
        blank=True,
        max_length=PLAN_TEXT_MAX_LENGTH,
        help_text=_("The sentence after the legal bases."),
    )
    purposes = models.TextField(
        _("purposes"),
        blank=True,
        max_length=PLAN_TEXT_MAX_LENGTH,
        help_text=_("One paragraph per line."),
    )
    requirements = models.TextField(
        _("requirements"),
        blank=True,
        max_length=PLAN_TEXT_MAX_LENGTH,
        help_text=_("One paragraph per line."),
    )
    review_met = models.PositiveSmallIntegerField(
        _("criteria met at planning time"), null=True, blank=True
    )
    review_total = models.PositiveSmallIntegerField(_("criteria in the set"), null=True, blank=True)
    unmet_criteria = models.ManyToManyField(
        Criterion, verbose_name=_("criteria not met at planning time"), blank=True, related_name="+"
    )
    review_note = models.TextField(
        _("after the review"), blank=True, max_length=PLAN_TEXT_MAX_LENGTH
    )
    implementation_intro = models.TextField(
        _("introduction to the implementation"), blank=True, max_length=PLAN_TEXT_MAX_LENGTH
    )
    closing = models.TextField(_("closing paragraph"), blank=True, max_length=PLAN_TEXT_MAX_LENGTH)
    recipients = models.TextField(
        _("recipients (Nơi nhận)"),
        blank=True,
        max_length=2000,
        help_text=_("One recipient per line."),
    )
    signing_authority = models.CharField(_("signing authority"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer name"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year"]
        constraints = [
            *length_constraints(
                "plans_plan",
                {name: PLAN_TEXT_MAX_LENGTH for name in PLAN_TEXTS}
                | {"recipients": 2000, "title": 300},
            ),
            models.UniqueConstraint(fields=["commune", "year"], name="plans_plan_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="plans_plan_year_range"
            ),
            models.CheckConstraint(
                condition=Q(review_met__isnull=True)
                | Q(review_total__isnull=True)
                | Q(review_met__lte=F("review_total")),
                name="plans_plan_review_met_at_most_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def full_number(self) -> str:
        return f"Số: {self.number}" if self.number else "Số: …"

    @property
    def month_text(self) -> str:
        """Month of the date as a document writes it: 01 and 02 padded, others not."""
        if not self.date:
            return ""
        return f"{self.date.month:02d}" if self.date.month <= 2 else str(self.date.month)

    @property
    def end_of_year(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def purpose_list(self) -> list[str]:
        return [line.strip() for line in self.purposes.splitlines() if line.strip()]

    @property
    def requirement_list(self) -> list[str]:
        return [line.strip() for line in self.requirements.splitlines() if line.strip()]


class LegalBasis(models.Model):
    """A document the plan implements (Thực hiện Nghị quyết số …)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="legal_bases"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("document type"), max_length=50, help_text=_("e.g. Nghị quyết, Quyết định")
    )
    number = models.CharField(_("number"), max_length=50)
    date = models.DateField(_("date"))
    issuer = models.CharField(_("issuer"), max_length=200)
    title = models.CharField(_("title"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number", "date"], name="plans_legalbasis_unique_document"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} số {self.number} ngày {self.date:%d/%m/%Y} của {self.issuer}"


class Section(models.TextChoices):
    """Where a task stands in the plan document."""

    CRITERIA = "criteria", _("Tasks for the criteria not yet met")
    COMMUNICATION = "communication", _("Communication")
    MANAGEMENT = "management", _("Management, direction and administration")
    EMULATION = "emulation", _("Organising emulation movements")
    DIRECTION = "direction", _("Leadership and direction of the steering committee")
    PEOPLES_COMMITTEE = "peoples_committee", _("The commune People's Committee")
    FRONT = "front", _("The Fatherland Front and the socio-political organisations")
    VILLAGES = "villages", _("The villages of the commune")
    SCHOOL_HEALTH = "school_health", _("The schools and the health station")
    OTHER = "other", _("Other tasks")


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class TaskQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date) -> TaskQuerySet:
        return self.filter(deadline__lt=today).exclude(state=TaskState.DONE)

    def in_quarter(self, year: int, quarter: int) -> TaskQuerySet:
        """Tasks scheduled in the quarter, or due in it."""
        first, last = quarter_bounds(year, quarter)
        return self.filter(Q(**{f"q{quarter}": True}) | Q(deadline__range=(first, last)))

    def for_bodies(self, body_ids: set[int]) -> TaskQuerySet:
        """Tasks the bodies lead or support."""
        return self.filter(
            Q(lead_body__in=body_ids)
            | Q(
                pk__in=Task.supporting_bodies.through.objects.filter(
                    responsiblebody_id__in=body_ids
                ).values("task_id")
            )
        )


class Task(models.Model):
    """A task or solution (nhiệm vụ / giải pháp) of the plan."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.CharField(
        _("section"), max_length=20, choices=Section.choices, default=Section.OTHER
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=4000,
        help_text=_("The plan's wording; one paragraph per line."),
    )
    lead_body = models.ForeignKey(
        ResponsibleBody,
        verbose_name=_("lead body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
    )
    supporting_bodies = models.ManyToManyField(
        ResponsibleBody,
        verbose_name=_("supporting bodies"),
        blank=True,
        related_name="supported_tasks",
    )
    deadline = models.DateField(_("deadline"))
    q1 = models.BooleanField(_("quarter 1"), default=False)
    q2 = models.BooleanField(_("quarter 2"), default=False)
    q3 = models.BooleanField(_("quarter 3"), default=False)
    q4 = models.BooleanField(_("quarter 4"), default=False)
    state = models.CharField(
        _("state"), max_length=20, choices=TaskState.choices, default=TaskState.NOT_STARTED
    )
    progress = models.DecimalField(
        _("progress (%)"), max_digits=4, decimal_places=1, default=Decimal(0)
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "position", "pk"]
        indexes = [models.Index(fields=["plan", "deadline"], name="plans_task_deadline_idx")]
        constraints = [
            *length_constraints("plans_task", {"title": 300, "description": 4000}),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="plans_task_progress_range",
            ),
            models.CheckConstraint(
                condition=Q(indicator__isnull=True) | Q(criterion__isnull=False),
                name="plans_task_indicator_needs_criterion",
            ),
            models.CheckConstraint(
                condition=Q(state__in=TaskState.values), name="plans_task_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def quarters(self) -> list[int]:
        return [q for q in QUARTERS if getattr(self, f"q{q}")]

    @property
    def paragraphs(self) -> list[str]:
        """The plan's wording, paragraph by paragraph (the title when there is none)."""
        lines = [line.strip() for line in self.description.splitlines() if line.strip()]
        return lines or [self.title]

    @property
    def within_the_year(self) -> bool:
        """The plan says "trong năm": due on 31/12 of the plan's year."""
        return self.deadline == datetime.date(self.plan.year, 12, 31)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state != TaskState.DONE and self.deadline < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class TaskUpdate(models.Model):
    """One entry of a task's progress log; entries are never edited."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    note = models.TextField(_("note"), max_length=4000)
    progress = models.DecimalField(_("progress (%)"), max_digits=4, decimal_places=1)
    state = models.CharField(_("state"), max_length=20, choices=TaskState.choices)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["task", "-created_at", "-pk"]
        constraints = [
            *length_constraints("plans_taskupdate", {"note": 4000}),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="plans_taskupdate_progress_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.progress}% ({self.created_at:%d/%m/%Y})"


class Milestone(models.Model):
    """What a quarter must achieve."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="milestones"
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    description = models.TextField(_("what the quarter must achieve"), max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly milestone")
        verbose_name_plural = _("quarterly milestones")
        ordering = ["plan", "quarter"]
        constraints = [
            *length_constraints("plans_milestone", {"description": 2000}),
            models.UniqueConstraint(
                fields=["plan", "quarter"], name="plans_milestone_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="plans_milestone_quarter_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Quý {self.quarter}/{self.plan.year}"


class Movement(models.Model):
    """An emulation movement (phong trào thi đua) and its year-end review (sơ kết)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="movements"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=300)
    organiser = models.ForeignKey(
        ResponsibleBody,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_movements",
    )
    participants = models.ManyToManyField(
        ResponsibleBody, verbose_name=_("participating units"), blank=True, related_name="movements"
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)
    review_result = models.TextField(_("year-end review result"), blank=True, max_length=4000)
    commendation = models.TextField(_("commendation"), blank=True, max_length=4000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["plan", "position", "pk"]
        constraints = [
            *length_constraints(
                "plans_movement", {"name": 300, "review_result": 4000, "commendation": 4000}
            ),
            models.UniqueConstraint(fields=["plan", "name"], name="plans_movement_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Commitment(models.Model):
    """A unit's signed commitment (ký cam kết) in a movement."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.CASCADE, related_name="commitments"
    )
    body = models.ForeignKey(
        ResponsibleBody,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    items = models.TextField(_("items committed"), max_length=4000)
    signed_on = models.DateField(_("signed on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["movement", "body__position"]
        constraints = [
            *length_constraints("plans_commitment", {"items": 4000}),
            models.UniqueConstraint(
                fields=["movement", "body"], name="plans_commitment_one_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.movement}"


class FundingSource(models.TextChoices):
    """Where resources come from, as the monthly report's section IV lists them."""

    CENTRAL = "central", _("Central budget")
    PROVINCIAL = "provincial", _("Provincial budget")
    DISTRICT = "district", _("District budget (until 2025)")
    COMMUNE = "commune", _("Commune budget")
    INTEGRATED = "integrated", _("Integrated programmes")
    CREDIT = "credit", _("Credit")
    ENTERPRISES = "enterprises", _("Enterprises and cooperatives")
    PEOPLE_MONEY = "people_money", _("People's contributions (money)")
    PEOPLE_WORKDAYS = "people_workdays", _("People's contributions (workdays)")
    PEOPLE_LAND = "people_land", _("People's contributions (donated land)")
    OTHER = "other", _("Other sources")

    @property
    def unit(self) -> str:
        return str(SOURCE_UNITS.get(self.value, _("VND")))

    @property
    def is_money(self) -> bool:
        return self.value not in SOURCE_UNITS


# Sources not listed here are amounts of money in VND.
SOURCE_UNITS = {
    FundingSource.PEOPLE_WORKDAYS.value: _("workdays"),
    FundingSource.PEOPLE_LAND.value: _("m²"),
}


class ResourceItem(models.Model):
    """An investment work (công trình) or item for which resources are mobilised."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="resource_items"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=300)
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resource_items",
    )
    total_investment = models.DecimalField(
        _("total investment (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    progress_note = models.CharField(_("progress"), max_length=300, blank=True)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Demo figures not stated in the plan.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investment work or item")
        verbose_name_plural = _("investment works and items")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="plans_resourceitem_unique_name"),
            models.CheckConstraint(
                condition=Q(total_investment__isnull=True) | Q(total_investment__gte=0),
                name="plans_resourceitem_total_investment_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResourceAmount(models.Model):
    """Planned and actual amount of one source for one item, in the source's unit."""

    item = models.ForeignKey(
        ResourceItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="amounts"
    )
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    planned = models.DecimalField(_("planned"), max_digits=18, decimal_places=2, default=Decimal(0))
    actual = models.DecimalField(_("actual"), max_digits=18, decimal_places=2, default=Decimal(0))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resource amount")
        verbose_name_plural = _("resource amounts")
        ordering = ["item", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "source"], name="plans_resourceamount_one_per_source"
            ),
            models.CheckConstraint(
                condition=Q(planned__gte=0), name="plans_resourceamount_planned_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(actual__gte=0), name="plans_resourceamount_actual_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(source__in=FundingSource.values),
                name="plans_resourceamount_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_source_display()}"

    @property
    def unit(self) -> str:
        return FundingSource(self.source).unit
