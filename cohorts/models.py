from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Cohort(models.Model):
    """A named group of institutions, e.g. a training group, that a trainer reports on."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("institutions"),
        related_name="cohorts",
        blank=True,
    )
    trainers = models.ManyToManyField(
        "accounts.User",
        verbose_name=_("trainers"),
        related_name="cohorts",
        blank=True,
        help_text=_("Trainers who work with this cohort; whoever creates it is one of them."),
    )
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["name"]
        # Born in the institutions app: the table (and its member tables) kept their names.
        db_table = "institutions_cohort"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:detail", kwargs={"pk": self.pk})
