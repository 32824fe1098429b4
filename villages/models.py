"""Who and where: the commune, its villages and household register, its bodies and people.

This is the bottom floor: no other app's Python module is imported here. The
commune's chosen criteria set is a lazy reference ("criteria.CriteriaSet"), so
the table link exists without an import cycle.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.signing import signing_errors
from villages.text import name_key


def refuse_same_name(instance: models.Model, siblings: models.QuerySet, message: str) -> None:
    """Two spellings of one name (NFC/NFD, any case, extra spaces) are one name. The
    database's Lower() unique constraint catches case on PostgreSQL; SQLite's LOWER() only
    folds ASCII, so the comparison is made here too, on the normalised key."""
    key = name_key(instance.name)
    others = siblings.exclude(pk=instance.pk).values_list("name", flat=True)
    if any(name_key(other) == key for other in others):
        raise ValidationError({"name": message})


def length_constraints(prefix: str, limits: dict[str, int]) -> list[models.CheckConstraint]:
    """`<prefix>_<field>_length`: the database holds a text field to its declared limit.
    PostgreSQL enforces a CharField's max_length itself; SQLite and every TextField do
    not, so the limit is written as a check constraint too."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), limit), name=f"{prefix}_{field}_length"
        )
        for field, limit in limits.items()
    ]


class Region(models.TextChoices):
    """The seven socio-economic regions that QĐ 318/QĐ-TTg sets thresholds by."""

    NORTHERN_MOUNTAINS = "northern_mountains", _("Northern midlands and mountains")
    RED_RIVER_DELTA = "red_river_delta", _("Red River Delta")
    NORTH_CENTRAL = "north_central", _("North Central Coast")
    SOUTH_CENTRAL_COAST = "south_central_coast", _("South Central Coast")
    CENTRAL_HIGHLANDS = "central_highlands", _("Central Highlands")
    SOUTH_EAST = "south_east", _("South East")
    MEKONG_DELTA = "mekong_delta", _("Mekong River Delta")


class CommuneGroup(models.IntegerChoices):
    """Commune groups of QĐ 51/2025/QĐ-TTg (2026–2030), which replace regions."""

    GROUP_1 = 1, _("Group 1")
    GROUP_2 = 2, _("Group 2")
    GROUP_3 = 3, _("Group 3")


class Province(models.Model):
    """The province above the communes (since 1 July 2025 communes report straight to it):
    its New Rural Area coordination office reads their monthly reports. A single-commune
    installation has one province, made from the commune's settings (villages/0004)."""

    name = models.CharField(_("province name"), max_length=100, help_text=_("e.g. Thanh Hóa"))
    code = models.CharField(
        _("province code"), max_length=10, blank=True, help_text=_("e.g. 38 for Thanh Hóa")
    )
    office_name = models.CharField(
        _("coordination office"),
        max_length=200,
        default="Văn phòng Điều phối nông thôn mới tỉnh",
    )
    criteria_sets = models.ManyToManyField(
        "criteria.CriteriaSet",
        verbose_name=_("criteria sets applied"),
        blank=True,
        related_name="provinces",
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("communes' report due day"),
        default=16,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the month when communes' monthly reports are due to the province."),
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="villages_province_unique_name",
                violation_error_message=_("A province with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="villages_province_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(report_due_day__gte=1, report_due_day__lte=28),
                name="villages_province_due_day_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def due_date(self, month: datetime.date) -> datetime.date:
        """The day communes' reports for `month` are due to the province."""
        return month.replace(day=self.report_due_day)


class Commune(models.Model):
    """A commune of the province, with its reporting settings."""

    name = models.CharField(_("commune name"), max_length=100, help_text=_("e.g. Quang Trung"))
    code = models.CharField(
        _("commune code"),
        max_length=10,
        blank=True,
        help_text=_("The administrative unit code, e.g. 16279; unique in the province."),
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="communes"
    )
    district = models.CharField(
        _("district"),
        max_length=100,
        blank=True,
        help_text=_("Only for data before 1 July 2025, when districts were abolished."),
    )
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    commune_group = models.PositiveSmallIntegerField(
        _("commune group"), choices=CommuneGroup.choices, null=True, blank=True
    )
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet",
        verbose_name=_("criteria set in use"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes",
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=200,
        default="ỦY BAN NHÂN DÂN",
        help_text=_("First line of the document header, e.g. ỦY BAN NHÂN DÂN or BAN CHỈ ĐẠO."),
    )
    superior_body = models.CharField(
        _("superior body (Kính gửi)"),
        max_length=300,
        blank=True,
        help_text=_("The body the monthly report is addressed to."),
    )
    recipients = models.TextField(
        _("default recipients (Nơi nhận)"),
        blank=True,
        max_length=2000,
        help_text=_("One recipient per line, without the leading dash."),
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("report due day"),
        default=16,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the month when bodies and villages report."),
    )
    data_cutoff_day = models.PositiveSmallIntegerField(
        _("data cut-off day"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("A monthly report covers data up to this day."),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("reminder days before the due day"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
        help_text=_(
            "Units that have not reported are reminded this many days before the due day, "
            "and again on the due day."
        ),
    )
    escalation_every_days = models.PositiveSmallIntegerField(
        _("days between escalations"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_(
            "The head and the standing member get the list of units still missing the day "
            "after the due day, then again every this many days until it is complete."
        ),
    )
    signing_authority = models.CharField(
        _("signing authority"),
        max_length=100,
        default="TM. ỦY BAN NHÂN DÂN",
        help_text=_(
            "Nghị định 30: the body after “TM.” is the issuing body, signed by its head "
            "(TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH); a deputy signs “KT.” for the head "
            "(KT. CHỦ TỊCH / PHÓ CHỦ TỊCH). Checked against the issuing body and the number."
        ),
    )
    signer_title = models.CharField(_("signer title"), max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField(_("signer name"), max_length=100, blank=True)
    report_number_suffix = models.CharField(
        _("report number suffix"),
        max_length=30,
        default="BC-UBND",
        help_text=_("The part after the number: Số: 25/BC-UBND."),
    )
    plan_number_suffix = models.CharField(_("plan number suffix"), max_length=30, default="KH-UBND")
    data_version = models.PositiveBigIntegerField(
        _("data version"),
        default=0,
        editable=False,
        help_text=_(
            "Raised by every write that changes what the commune's pages show; cached "
            "dashboards are keyed by it (villages/services.py: commune_data_changed)."
        ),
    )
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("A generated commune of the province demo, with sample figures."),
    )

    # The data version is bookkeeping, not something anyone changed: no history row.
    history = HistoricalRecords(excluded_fields=["data_version"])

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "province",
                Lower("name"),
                name="villages_commune_unique_name_per_province",
                violation_error_message=_("A commune with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["province", "code"],
                condition=~Q(code=""),
                name="villages_commune_unique_code_per_province",
                violation_error_message=_("A commune with this code already exists."),
            ),
            models.CheckConstraint(
                condition=Q(report_due_day__gte=1, report_due_day__lte=28),
                name="villages_commune_due_day_range",
            ),
            models.CheckConstraint(
                condition=Q(data_cutoff_day__gte=1, data_cutoff_day__lte=28),
                name="villages_commune_cutoff_day_range",
            ),
            models.CheckConstraint(
                condition=Q(reminder_days_before__gte=1, reminder_days_before__lte=15),
                name="villages_commune_reminder_days_range",
            ),
            models.CheckConstraint(
                condition=Q(escalation_every_days__gte=1, escalation_every_days__lte=31),
                name="villages_commune_escalation_days_range",
            ),
            *length_constraints("villages_commune", {"recipients": 2000}),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"Xã {self.name}"

    def signing_problems(self) -> list[str]:
        """What does not agree between the monthly report's issuing body, number, signing
        form and position ([] when they do)."""
        return signing_errors(
            issuing_body=self.issuing_body,
            number_suffix=self.report_number_suffix,
            authority=self.signing_authority,
            title=self.signer_title,
        )

    def clean(self) -> None:
        errors = self.signing_problems()
        if errors:
            raise ValidationError({"signing_authority": errors})
        if self.province_id:
            refuse_same_name(
                self,
                Commune.objects.filter(province=self.province_id),
                _("A commune with this name already exists."),
            )

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def due_date(self, month: datetime.date) -> datetime.date:
        """The day bodies' reports for `month` are due."""
        return month.replace(day=self.report_due_day)

    def cutoff_date(self, month: datetime.date) -> datetime.date:
        return month.replace(day=self.data_cutoff_day)


class Village(models.Model):
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="villages"
    )
    name = models.CharField(_("village name"), max_length=100)
    head_name = models.CharField(_("village head"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_sample_name = models.BooleanField(
        _("sample name"),
        default=False,
        help_text=_("A placeholder name from the demo data that the commune should rename."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["position", "name"]
        constraints = [
            # Names are stored NFC (every form normalises its text), so one name in
            # another case is the only other spelling left to catch here.
            models.UniqueConstraint(
                "commune",
                Lower("name"),
                name="villages_village_unique_name_per_commune",
                violation_error_message=_("A village with this name already exists."),
            ),
            *length_constraints("villages_village", {"name": 100, "head_name": 100}),
        ]

    def __str__(self) -> str:
        return f"Thôn {self.name}"

    def clean(self) -> None:
        if self.commune_id:
            refuse_same_name(
                self,
                Village.objects.filter(commune=self.commune_id),
                _("A village with this name already exists."),
            )


class HouseholdRecordQuerySet(models.QuerySet):
    def as_of(self, date: datetime.date) -> HouseholdRecordQuerySet:
        return self.filter(as_of__lte=date)


class HouseholdRecord(models.Model):
    """A village's household register at a date; the denominator of most ratios."""

    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.CASCADE,
        related_name="household_records",
    )
    as_of = models.DateField(_("as of"))
    households = models.PositiveIntegerField(_("households"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = HouseholdRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household register entry")
        verbose_name_plural = _("household register")
        ordering = ["village", "-as_of"]
        get_latest_by = "as_of"
        constraints = [
            models.UniqueConstraint(
                fields=["village", "as_of"], name="villages_householdrecord_one_per_village_date"
            ),
            models.CheckConstraint(
                condition=Q(households__gte=0), name="villages_householdrecord_households_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population__gte=models.F("households")),
                name="villages_householdrecord_population_gte_households",
                violation_error_message=_(
                    "The population cannot be smaller than the number of households."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village}: {self.households} hộ ({self.as_of:%d/%m/%Y})"


class BodyKind(models.TextChoices):
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    SCHOOL = "school", _("School")
    HEALTH_STATION = "health_station", _("Health station")
    VILLAGE = "village", _("Village")
    OTHER = "other", _("Other")


class ResponsibleBody(models.Model):
    """A body that answers for indicators and reports monthly: a committee, an organisation,
    a school, the health station, or a village."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="bodies"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    village = models.OneToOneField(
        Village,
        verbose_name=_("village"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="body",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="bodies",
    )

    class Meta:
        verbose_name = _("responsible body")
        verbose_name_plural = _("responsible bodies")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                "commune",
                Lower("name"),
                name="villages_responsiblebody_unique_name_per_commune",
                violation_error_message=_("A body with this name already exists."),
            ),
            *length_constraints("villages_responsiblebody", {"name": 200, "short_name": 50}),
            models.CheckConstraint(
                condition=(Q(kind="village") & Q(village__isnull=False))
                | (~Q(kind="village") & Q(village__isnull=True)),
                name="villages_responsiblebody_village_iff_kind_village",
                violation_error_message=_(
                    "A village body needs its village, and only a village body has one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.commune_id:
            refuse_same_name(
                self,
                ResponsibleBody.objects.filter(commune=self.commune_id),
                _("A body with this name already exists."),
            )


class Role(models.TextChoices):
    HEAD = "head", _("Steering-committee head")
    STANDING = "standing", _("Standing member / NTM officer")
    OFFICER = "officer", _("Body officer")
    VILLAGE_HEAD = "village_head", _("Village head")
    VIEWER = "viewer", _("Superior-level viewer")
    COORDINATOR = "coordinator", _("Province coordinator")
    PROVINCE_ADMIN = "province_admin", _("Province administrator")


PROVINCE_ROLES = (Role.COORDINATOR, Role.PROVINCE_ADMIN)


class Profile(models.Model):
    """A signed-in person's place: their commune (what every page is about, see
    `villages.access.commune_for_user`) and their role. Their bodies are `user.bodies`
    (membership of ResponsibleBody).

    A province user (coordinator, province administrator) belongs to a province; their
    `commune` is the commune of that province they chose to read (empty until they
    choose), so that the one commune resolver answers for them as for everyone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="profiles",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="profiles",
        help_text=_("Only for province roles; a commune user's province is their commune's."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_(
            "Empty for an account that only reads the pages, such as the administrator, "
            "who works in the administration site."
        ),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    must_change_password = models.BooleanField(
        _("must change the password"),
        default=False,
        help_text=_(
            "Set when the province administrator created the account with an initial "
            "password: the person chooses their own before using the pages."
        ),
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=PROVINCE_ROLES, province__isnull=False)
                | (~Q(role__in=PROVINCE_ROLES) & Q(province__isnull=True, commune__isnull=False)),
                name="villages_profile_place_by_role",
                violation_error_message=_(
                    "A province role needs a province; a commune role needs a commune."
                ),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"
        )

    @property
    def is_province_user(self) -> bool:
        return self.role in PROVINCE_ROLES


def upload_path(instance: Upload, filename: str) -> str:
    """A random name: the user's file name is kept in a field, never used as a path."""
    return f"uploads/{instance.uploaded_at or timezone.now():%Y-%m}/{uuid.uuid4().hex}.xlsx"


class UploadKind(models.TextChoices):
    FIGURES = "figures", _("monthly figures")
    REGISTER = "register", _("household register")
    BODIES = "bodies", _("responsible bodies")


class UploadState(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")


class Upload(models.Model):
    """A filled spreadsheet someone uploaded (a month's entry template, the household
    register): the file is kept, as the evidence of what was imported, and the preview
    is computed again from it on confirmation, so nothing the browser sends between the
    two requests is trusted. On the bottom floor because every floor imports from a
    spreadsheet through it; the evidence app (above the floors it attaches to) can
    reference a row through its generic key, and this row knows nothing of it."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="uploads"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=UploadKind.choices)
    month = models.DateField(_("month"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="uploads",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    state = models.CharField(
        _("state"), max_length=10, choices=UploadState.choices, default=UploadState.PENDING
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded spreadsheet")
        verbose_name_plural = _("uploaded spreadsheets")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=UploadKind.values), name="villages_upload_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__day=1),
                name="villages_upload_month_first_day",
            ),
            models.CheckConstraint(
                condition=~Q(kind=UploadKind.FIGURES) | Q(month__isnull=False),
                name="villages_upload_figures_have_a_month",
            ),
            models.CheckConstraint(
                condition=Q(state__in=UploadState.values), name="villages_upload_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=UploadState.PENDING) | Q(confirmed_at__isnull=False),
                name="villages_upload_confirmed_has_date",
            ),
            *length_constraints("villages_upload", {"file_name": 200, "sha256": 64}),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def history_reason(self) -> str:
        """What each changed row's history says: "nhập từ tệp <name> (sha256 …)"."""
        return str(
            _("imported from file %(name)s (sha256 %(hash)s)")
            % {"name": self.file_name[:50], "hash": self.sha256[:16]}
        )
