from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartportal.i18n import localized

from .names import name_normalise, search_text, validate_name


class Kind(models.TextChoices):
    BANK = "bank", _("Bank")
    NBCO = "nbco", _("Non-bank credit organisation (MFI)")
    CREDIT_UNION = "credit_union", _("Credit union")
    INSURER = "insurer", _("Insurer")


class HttpsURLField(models.URLField):
    """A web address that, typed without a scheme, is taken as https:// (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class NameFormField(forms.CharField):
    """A name as typed, in one normal form (NFC), so that look-alike spellings compare equal."""

    def to_python(self, value):
        return name_normalise(super().to_python(value))


class NameField(models.CharField):
    """An institution's name: NFC, and no control, bidi-override or zero-width character."""

    default_validators = [validate_name]

    def to_python(self, value):
        value = super().to_python(value)
        return name_normalise(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NameFormField, **kwargs})


class Institution(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Short unique code used in imports and file names, e.g. abb-bank."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_az = NameField(_("name (Azerbaijani)"), max_length=200)
    name_en = NameField(_("name (English)"), max_length=200, blank=True)
    name_ru = NameField(_("name (Russian)"), max_length=200, blank=True)
    # Code and names lower-cased the Azerbaijani way and the plain way: what search compares.
    search_text = models.TextField(_("search text"), editable=False, default="")

    registration_number = models.CharField(
        _("registration number (VÖEN)"), max_length=32, blank=True
    )
    licence_number = models.CharField(_("licence number"), max_length=64, blank=True)
    licence_issued_on = models.DateField(_("licence issued on"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = HttpsURLField(_("website"), blank=True)

    branches = models.PositiveIntegerField(_("branches"), null=True, blank=True)
    active_clients = models.PositiveIntegerField(_("active clients"), null=True, blank=True)
    gross_loan_portfolio = models.DecimalField(
        _("gross loan portfolio (AZN)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    figures_as_of = models.DateField(
        _("figures as of"),
        null=True,
        blank=True,
        help_text=_("The date the branch, client and portfolio figures refer to."),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "updated_at"],
        verbose_name=_("institution history entry"),
        verbose_name_plural=_("institution history"),
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["kind", "name_az"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gross_loan_portfolio__isnull=True) | Q(gross_loan_portfolio__gte=0),
                name="institution_portfolio_not_negative",
                violation_error_message=_("The gross loan portfolio cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(figures_as_of__isnull=False)
                | (
                    Q(branches__isnull=True)
                    & Q(active_clients__isnull=True)
                    & Q(gross_loan_portfolio__isnull=True)
                ),
                name="institution_figures_dated",
                violation_error_message=_(
                    "Give the date the size figures refer to (figures as of)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = search_text(self.code, [self.name_az, self.name_en, self.name_ru])
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("institutions:detail", kwargs={"code": self.code})

    @property
    def name(self) -> str:
        """The name in the active language, falling back to the Azerbaijani one."""
        return localized(self, "name")
