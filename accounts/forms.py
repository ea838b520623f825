from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Our own label: Django capitalises "istifadəçi" to "Istifadəçi", dropping the dot of İ.
        self.fields["username"].label = _("Username")
