import rules
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MANAGER = "manager", _("Institution manager")
    REGULATOR = "regulator", _("Regulator")
    TRAINER = "trainer", _("Trainer")
    ADMIN = "admin", _("Administrator")


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MANAGER)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managers",
        help_text=_("Required for institution managers: the one institution they work for."),
    )
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Demo accounts can log in only on a development server."),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="manager") | Q(institution__isnull=False),
                name="manager_has_institution",
                violation_error_message=_("An institution manager must belong to an institution."),
            ),
        ]

    def save(self, *args, **kwargs) -> None:
        # The Django admin is the administrators' tool: its entry follows the role.
        self.is_staff = self.is_superuser or self.role == Role.ADMIN
        super().save(*args, **kwargs)

    def has_perm(self, perm: str, obj=None) -> bool:
        """The portal's own permissions (each app's rules.py) answer alone, for superusers too:
        a superuser may do in the portal what the administrator role allows, and permissions
        ticked in the admin widen none of them. Django's other permissions as Django says."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_regulator(self) -> bool:
        return self.role == Role.REGULATOR

    @property
    def is_trainer(self) -> bool:
        return self.role == Role.TRAINER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser
