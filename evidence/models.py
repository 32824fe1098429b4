"""An evidence file and what it proves.

An item is exactly one of: an indicator's figure for a month (optionally of one village),
a task's progress entry, or a body's monthly report (submissions). The file itself lives in the
"evidence" storage (settings.STORAGES) under a random name; the row keeps what the
person said it is (kind, title, document number and date), what the portal found out
(content type, size, SHA-256, when and where a photo was taken) and who did what.
Deleting is soft: the row and the original file stay, with who deleted it, when and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from criteria.models import Indicator
from plans.models import TaskUpdate
from submissions.models import Submission
from villages.models import Commune, Village

# The body's monthly report: the one place that names its model.
SubmissionModel = Submission


class EvidenceKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    MINUTES = "minutes", _("Minutes")
    PHOTO = "photo", _("Photo")
    STATISTICS = "statistics", _("Statistics table")
    CONTRACT = "contract", _("Contract")
    OTHER = "other", _("Other")


class EvidenceQuerySet(models.QuerySet):
    def active(self) -> EvidenceQuerySet:
        return self.filter(deleted_at__isnull=True)


ACTIVE = Q(deleted_at__isnull=True)


class Evidence(models.Model):
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    month = models.DateField(_("month"), null=True, blank=True)
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    task_update = models.ForeignKey(
        TaskUpdate,
        verbose_name=_("progress entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    submission = models.ForeignKey(
        SubmissionModel,
        verbose_name=_("monthly submission"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    document_number = models.CharField(
        _("document number"), max_length=50, blank=True, help_text=_("e.g. 12/QĐ-UBND")
    )
    document_date = models.DateField(_("document date"), null=True, blank=True)
    original_name = models.CharField(_("file name"), max_length=150)
    storage_name = models.CharField(_("stored as"), max_length=255, unique=True, editable=False)
    thumbnail_name = models.CharField(max_length=255, blank=True, editable=False)
    redacted_name = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The photo without its EXIF data, for people outside the commune."),
    )
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    taken_at = models.DateTimeField(_("photo taken at"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deletion_reason = models.CharField(_("why it was deleted"), max_length=500, blank=True)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]
        indexes = [
            models.Index(fields=["commune", "indicator", "month"], name="evidence_indicator_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(indicator__isnull=False, month__isnull=False)
                    & Q(task_update__isnull=True, submission__isnull=True)
                )
                | (
                    Q(indicator__isnull=True, month__isnull=True, village__isnull=True)
                    & (
                        Q(task_update__isnull=False, submission__isnull=True)
                        | Q(task_update__isnull=True, submission__isnull=False)
                    )
                ),
                name="evidence_evidence_one_item",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__day=1),
                name="evidence_evidence_month_first_day",
            ),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True, deletion_reason="")
                | Q(deleted_at__isnull=False) & ~Q(deletion_reason=""),
                name="evidence_evidence_deletion_has_reason",
            ),
            # The same file twice on one item is recognised by its hash (NULLs are distinct
            # in a unique index, hence one constraint per kind of item).
            models.UniqueConstraint(
                fields=["indicator", "month", "sha256"],
                condition=ACTIVE & Q(indicator__isnull=False, village__isnull=True),
                name="evidence_evidence_unique_commune_figure",
            ),
            models.UniqueConstraint(
                fields=["indicator", "month", "village", "sha256"],
                condition=ACTIVE & Q(village__isnull=False),
                name="evidence_evidence_unique_village_figure",
            ),
            models.UniqueConstraint(
                fields=["task_update", "sha256"],
                condition=ACTIVE & Q(task_update__isnull=False),
                name="evidence_evidence_unique_progress",
            ),
            models.UniqueConstraint(
                fields=["submission", "sha256"],
                condition=ACTIVE & Q(submission__isnull=False),
                name="evidence_evidence_unique_submission",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def location_text(self) -> str:
        """ "19.95, 105.42": decimal degrees with a point, as maps take them (5 decimals
        at most, about a metre)."""
        if not self.has_location:
            return ""
        return ", ".join(
            f"{value:.5f}".rstrip("0").rstrip(".") for value in (self.latitude, self.longitude)
        )
