from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import set_language

from accounts.forms import LoginForm
from accounts.views import home

from .health import healthz

admin.site.site_header = _("SmartPortal administration")
admin.site.site_title = "SmartPortal"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("institutions/", include("institutions.urls")),
    path("assessments/", include("assessments.urls")),
    path("cohorts/", include("institutions.urls_cohorts")),
    path("complaints/", include("complaints.urls")),
    path("index/", include(("complaints.urls_public", "public"))),
    path("admin/", admin.site.urls),
    path(
        "favicon.ico",
        # Lazy: with hashed static file names the address is known only once collected.
        login_not_required(
            RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)
        ),
    ),
]
