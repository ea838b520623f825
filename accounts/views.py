from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import user_login_failed
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes shows after too many failed logins (AXES_LOCKOUT_CALLABLE), or too
    many wrong current passwords on the password change."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    password_change = request.path == reverse("password_change")
    return render(
        request,
        "registration/password_change_locked.html"
        if password_change
        else "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class ThrottledPasswordChangeView(auth_views.PasswordChangeView):
    """A wrong current password counts as a failed login (django-axes): five lock the account,
    here and on the login, for the cool-off time."""

    def credentials(self) -> dict[str, str]:
        return {"username": self.request.user.get_username()}

    def post(self, request, *args, **kwargs):
        if AxesProxyHandler.is_locked(request, self.credentials()):
            return locked_out(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            # Axes counts it; at the limit its middleware answers with locked_out above.
            user_login_failed.send(
                sender=type(self), credentials=self.credentials(), request=self.request
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        reset(username=self.request.user.get_username())
        return super().form_valid(form)
