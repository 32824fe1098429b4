"""The commune's documents: the monthly report, its frozen versions and the document
number counters.

This is the top floor: it may import every floor below (`submissions`, `plans`,
`criteria`, `villages`); nothing imports it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.models import Commune, Province, length_constraints

NARRATIVE_MAX_LENGTH = 20000
RECEIPT_NOTE_MAX = 2000


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by the head")
    SENT = "sent", _("Sent")


NARRATIVE_FIELDS = (
    "leadership",
    "communication",
    "emulation",
    "assessment",
    "next_tasks",
    "proposals",
)


class MonthlyReport(models.Model):
    """The commune's monthly report to the superior level (Báo cáo kết quả thực hiện
    Chương trình MTQG xây dựng NTM tháng M): its narrative sections, written by the
    standing member, and its workflow draft → approved → sent. Each send freezes a
    `ReportVersion`; a correction reopens the report and sends version n + 1.

    A blank narrative field is printed with the text pre-filled from the month's data."""

    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        related_name="monthly_reports",
    )
    month = models.DateField(_("month"), help_text=_("First day of the reporting month."))
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    leadership = models.TextField(
        _("I. Leadership and direction"), blank=True, max_length=NARRATIVE_MAX_LENGTH
    )
    communication = models.TextField(
        _("II. Communication and mobilisation"), blank=True, max_length=NARRATIVE_MAX_LENGTH
    )
    emulation = models.TextField(
        _("V. Emulation movements"), blank=True, max_length=NARRATIVE_MAX_LENGTH
    )
    assessment = models.TextField(
        _("VI. Overall assessment"), blank=True, max_length=NARRATIVE_MAX_LENGTH
    )
    next_tasks = models.TextField(
        _("VII. Tasks for next month"), blank=True, max_length=NARRATIVE_MAX_LENGTH
    )
    proposals = models.TextField(_("VIII. Proposals"), blank=True, max_length=NARRATIVE_MAX_LENGTH)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    reopen_reason = models.CharField(
        _("reason for the correction"),
        max_length=500,
        blank=True,
        help_text=_("Why a sent report was reopened; stored with the next version."),
    )
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("Detects edits made since a form was loaded.")
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("A demo report, not one the commune wrote.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly commune report")
        verbose_name_plural = _("monthly commune reports")
        ordering = ["-month"]
        constraints = [
            *length_constraints(
                "reports_monthlyreport",
                {name: NARRATIVE_MAX_LENGTH for name in NARRATIVE_FIELDS} | {"reopen_reason": 500},
            ),
            models.UniqueConstraint(
                fields=["commune", "month"], name="reports_monthlyreport_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="reports_monthlyreport_month_first_day"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReportState.values), name="reports_monthlyreport_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo tháng {self.month:%m/%Y}"

    @property
    def narrative(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in NARRATIVE_FIELDS}


class DocumentKind(models.TextChoices):
    REPORT = "BC", _("Report")
    PLAN = "KH", _("Plan")


class DocumentCounter(models.Model):
    """The last number given to a kind of document in a year (Số: 25/BC-UBND). Locked
    with SELECT … FOR UPDATE while a report is sent, so that no number is given twice;
    a send that fails is rolled back with its number."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("document kind"), max_length=4, choices=DocumentKind.choices)
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "kind"], name="reports_documentcounter_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class ReportVersion(models.Model):
    """A sent report, frozen: the data it was built from and the exact PDF, XLSX and
    DOCX bytes, with their SHA-256. Downloads of a sent month return these bytes.

    The bytes are rendered when the report is sent, except for versions sent in bulk
    (the demo's past months): those keep only the snapshot, and their files are rendered
    from it on the first download and stored (`report_version_file`), so every later
    download returns the same bytes. An empty file means "not rendered yet"."""

    report = models.ForeignKey(
        MonthlyReport,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    document_number = models.PositiveIntegerField(_("document number"))
    document_reference = models.CharField(
        _("document reference"), max_length=50, help_text=_("e.g. 25/BC-UBND")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"))
    reopen_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    snapshot = models.JSONField(_("data snapshot"))
    records_watermark = models.PositiveBigIntegerField(
        _("last figure change included"),
        null=True,
        blank=True,
        help_text=_(
            "The newest change of any figure when the version was sent: a later change "
            "to a figure it reports means the sent report no longer matches the data."
        ),
    )
    pdf = models.BinaryField(_("PDF"), blank=True)
    xlsx = models.BinaryField(_("XLSX"), blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    xlsx_sha256 = models.CharField(_("XLSX SHA-256"), max_length=64, blank=True)
    docx = models.BinaryField(_("DOCX"), blank=True, default=b"")
    docx_sha256 = models.CharField(_("DOCX SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("sent report version")
        verbose_name_plural = _("sent report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="reports_reportversion_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="reports_reportversion_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reopen_reason=""),
                name="reports_reportversion_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} – v{self.number} ({self.document_reference})"


class ReceiptState(models.TextChoices):
    """Where a sent report stands in the province's inbox (Báo cáo đến)."""

    RECEIVED = "received", _("Received")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class ProvinceReceipt(models.Model):
    """A sent version as the province received it: when, against the province's due day,
    who read it, and whether the coordination office returned it with a note (the
    commune sends a correction version, which lands as a new receipt) or accepted it."""

    version = models.OneToOneField(
        ReportVersion,
        verbose_name=_("sent version"),
        on_delete=models.CASCADE,
        related_name="receipt",
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.CASCADE, related_name="receipts"
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="receipts"
    )
    month = models.DateField(_("month"))
    received_at = models.DateTimeField(_("received at"))
    due_date = models.DateField(_("due date"))
    state = models.CharField(
        _("state"), max_length=10, choices=ReceiptState.choices, default=ReceiptState.RECEIVED
    )
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seen by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned or accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("returned or accepted at"), null=True, blank=True)
    note = models.TextField(_("note to the commune"), blank=True, max_length=RECEIPT_NOTE_MAX)

    class Meta:
        verbose_name = _("received report")
        verbose_name_plural = _("received reports")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["province", "month"], name="reports_receipt_month_idx")]
        constraints = [
            *length_constraints("reports_provincereceipt", {"note": RECEIPT_NOTE_MAX}),
            models.CheckConstraint(
                condition=Q(state__in=ReceiptState.values),
                name="reports_provincereceipt_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(note=""),
                name="reports_provincereceipt_returned_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.version}"

    @property
    def on_time(self) -> bool:
        return timezone.localdate(self.received_at) <= self.due_date
