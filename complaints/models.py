import datetime

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from institutions.models import Kind
from smartportal.i18n import localized

from .counting import Reason
from .index import Method, Reference, Zone
from .statistics import Funnel
from .zones import rule_label


class ComplaintCategory(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    counts_toward_index = models.BooleanField(_("counts toward the index"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords(
        verbose_name=_("complaint category history entry"),
        verbose_name_plural=_("complaint category history"),
    )

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Channel(models.TextChoices):
    ORAL = "oral", _("Oral")
    WRITTEN = "written", _("Written")
    IN_PERSON = "in_person", _("In-person reception")


# Every page and preview that says why a complaint counted or not says it in these words.
REASON_LABELS = {
    Reason.COUNTED: _("Counted"),
    Reason.CATEGORY_EXCLUDED: _("Not counted: category outside the index"),
    Reason.FLAGGED_REPEAT: _("Not counted: marked as a repeat"),
    Reason.REPEAT: _("Not counted: repeat of an earlier complaint"),
}


class Complaint(models.Model):
    # The composite indexes below start with the institution: no index of its own needed,
    # and each index less makes a million-row import faster.
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,
        verbose_name=_("institution"),
    )
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    category = models.ForeignKey(
        ComplaintCategory,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("category"),
    )
    complainant_ref = models.CharField(_("complainant (pseudonymised)"), max_length=64, blank=True)
    is_repeat = models.BooleanField(_("marked as a repeat"), default=False)
    reference = models.CharField(_("source reference"), max_length=64, blank=True)
    # Derived in SQL by the import and the recount (complaints.recount), by the rule that
    # complaints.counting states in Python; explains every exclusion.
    counted = models.BooleanField(_("counted"), default=True)
    reason = models.CharField(
        _("why"),
        max_length=20,
        choices=[(r.value, r.value) for r in Reason],
        default=Reason.COUNTED.value,
    )
    # Indexed: the database checks this reference whenever a complaint is deleted.
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("repeat of"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["received_on", "institution"], name="complaint_month"),
            models.Index(
                fields=["institution", "complainant_ref", "category", "received_on"],
                name="complaint_repeat_lookup",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference"],
                condition=~Q(reference=""),
                name="complaint_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.received_on} {self.category_id}"

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


class ComplaintImport(models.Model):
    """The audit record of one complaints file imported: complaints arrive in bulk (COPY),
    so the record is per file, not per row."""

    source = models.CharField(_("file"), max_length=255)
    rows = models.PositiveIntegerField(_("rows read"))
    imported = models.PositiveIntegerField(_("complaints added"))
    already_imported = models.PositiveIntegerField(_("already imported"))
    counted = models.PositiveIntegerField(_("counted"))
    excluded = models.JSONField(_("excluded, by reason"), default=dict)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaints import")
        verbose_name_plural = _("complaints imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.imported})"


class ClientCount(models.Model):
    """Clients with a current-account balance of 100 manat or more and a transaction in the
    last three months (for insurers: contracts concluded), per institution and month."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="client_counts",
        verbose_name=_("institution"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    active_clients = models.PositiveBigIntegerField(_("active clients"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("client count history entry"),
        verbose_name_plural=_("client count history"),
    )

    class Meta:
        verbose_name = _("client count")
        verbose_name_plural = _("client counts")
        ordering = ["-month", "institution"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "month"], name="one_count_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="client_count_month_start"),
        ]

    def __str__(self) -> str:
        return f"{self.institution.code} {self.month:%Y-%m}: {self.active_clients}"


class ClientCountChange(models.Model):
    """A client count replaced by a later import: what it was, what it became, when, by whom."""

    count = models.ForeignKey(
        ClientCount,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("client count"),
    )
    old_value = models.PositiveBigIntegerField(_("old value"))
    new_value = models.PositiveBigIntegerField(_("new value"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("client count change")
        verbose_name_plural = _("client count changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.count}: {self.old_value} -> {self.new_value}"


# The zone rules' methods by name: a band around the reference, or a significance test.
METHOD_CHOICES = [
    (Method.BAND.value, _("Band rule")),
    (Method.SIGNIFICANCE.value, _("Significance rule (Poisson)")),
]


class ZoneRule(models.Model):
    """A way of turning indices into zones; a publication keeps a copy of the one it used."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    method = models.CharField(
        _("method"), max_length=16, choices=METHOD_CHOICES, default=Method.BAND
    )
    lower = models.DecimalField(_("lower bound"), max_digits=5, decimal_places=3, default=0.8)
    upper = models.DecimalField(_("upper bound"), max_digits=5, decimal_places=3, default=1.2)
    reference = models.CharField(
        _("reference"),
        max_length=8,
        choices=[(r.value, r.value) for r in Reference],
        default="sector",
    )
    confidence = models.DecimalField(_("confidence"), max_digits=4, decimal_places=3, default=0.95)
    is_default = models.BooleanField(_("default"), default=False)

    history = HistoricalRecords(
        verbose_name=_("zone rule history entry"),
        verbose_name_plural=_("zone rule history"),
    )

    class Meta:
        verbose_name = _("zone rule")
        verbose_name_plural = _("zone rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(lower__gt=0) & Q(upper__gte=models.F("lower")),
                name="zone_rule_bounds",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gt=0) & Q(confidence__lt=1), name="zone_rule_confidence"
            ),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_rule"
            ),
        ]

    def __str__(self) -> str:
        return rule_label(self.name)


class PeriodType(models.TextChoices):
    MONTH = "month", _("Calendar month")
    ROLLING_12 = "rolling12", _("Rolling 12 months")


class PublicationQuerySet(models.QuerySet):
    def latest_revision(
        self, *, month: datetime.date, kind: str, period_type: str = PeriodType.MONTH
    ) -> "Publication | None":
        """The latest revision of one month's table of a kind and period, if published."""
        return (
            self.filter(month=month, kind=kind, period_type=period_type)
            .order_by("-revision")
            .first()
        )

    def latest_revisions(self) -> "PublicationQuerySet":
        """Only the latest revision of each month's table (per kind and period)."""
        newest = (
            self.model.objects.filter(
                month=OuterRef("month"), kind=OuterRef("kind"), period_type=OuterRef("period_type")
            )
            .order_by("-revision")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(newest))


class Publication(models.Model):
    """A published zone table: frozen rows, the rule and its parameters, when and by whom."""

    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.BANK)
    period_type = models.CharField(
        _("period"), max_length=10, choices=PeriodType.choices, default=PeriodType.MONTH
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    rule_name = models.CharField(_("rule name"), max_length=100)
    method = models.CharField(_("method"), max_length=16, choices=METHOD_CHOICES)
    lower = models.DecimalField(_("lower bound"), max_digits=5, decimal_places=3)
    upper = models.DecimalField(_("upper bound"), max_digits=5, decimal_places=3)
    reference = models.CharField(_("reference"), max_length=8)
    confidence = models.DecimalField(_("confidence"), max_digits=4, decimal_places=3)
    reference_value = models.FloatField(
        _("reference value"),
    )
    total_complaints = models.PositiveIntegerField(
        _("total complaints"),
    )
    total_clients = models.PositiveBigIntegerField(
        _("total clients"),
    )
    not_listed = models.PositiveIntegerField(
        _("institutions not listed"),
    )
    # The expected complaints of each institution not listed, without names: the funnel plot's
    # points at 0.
    not_listed_expected = models.JSONField(
        _("expected complaints of those not listed"), default=list
    )
    note = models.TextField(_("note"), blank=True)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    history = HistoricalRecords(
        verbose_name=_("publication history entry"),
        verbose_name_plural=_("publication history"),
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-month", "kind", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "kind", "period_type", "revision"], name="publication_revision"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="publication_month_start"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%Y-%m} ({self.period_type}) r{self.revision}"

    @property
    def rule_label(self) -> str:
        """The name of the rule it was published under, in the active language."""
        return rule_label(self.rule_name)


class PublicationRow(models.Model):
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="rows", verbose_name=_("publication")
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    # As published: a later renaming of the institution does not rewrite an old table.
    institution_code = models.CharField(_("institution code"), max_length=32, default="")
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=200, default="")
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True, default="")
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True, default="")
    complaints = models.PositiveIntegerField(
        _("complaints"),
    )
    complaint_share = models.FloatField(
        _("complaint share"),
    )
    clients = models.PositiveBigIntegerField(
        _("clients"),
    )
    client_share = models.FloatField(
        _("client share"),
    )
    index = models.FloatField(
        _("index"),
    )
    expected = models.FloatField(
        _("expected complaints"),
    )
    # The index's 95 % interval and its place against the funnel limits (complaints.statistics).
    index_low = models.FloatField(_("index, lower limit"), default=0)
    index_high = models.FloatField(_("index, upper limit"), default=0)
    funnel = models.CharField(
        _("against the funnel limits"),
        max_length=10,
        choices=[(f.value, f.value) for f in Funnel],
        default=Funnel.WITHIN,
    )
    zone = models.CharField(_("zone"), max_length=8, choices=[(z.value, z.value) for z in Zone])

    class Meta:
        ordering = ["-index"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "institution"], name="one_row_per_institution"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication} {self.institution_code}: {self.index:.2f}"

    @property
    def name(self) -> str:
        return localized(self, "name")
