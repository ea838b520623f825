from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Our own label: Django capitalises "istifadəçi" to "Istifadəçi", dropping the dot of İ.
        self.fields["username"].label = _("Username")

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if user.is_demo and not settings.DEMO_ACCOUNTS_ALLOWED:
            raise ValidationError(
                _("Demo accounts cannot log in on this server."), code="demo_account"
            )
