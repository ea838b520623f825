"""The root URLconf: each app's addresses, included by name so that this module, at the
bottom of the layers, imports none of the apps above it."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import set_language

from .health import healthz

admin.site.site_header = _("SmartPortal administration")
admin.site.site_title = "SmartPortal"

handler400 = "smartportal.errors.bad_request"
handler500 = "smartportal.errors.server_error"

urlpatterns = [
    path("", include("home.urls")),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("institutions/", include("institutions.urls")),
    path("assessments/", include("assessments.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("complaints/", include("complaints.urls")),
    path("supervision/", include("supervision.urls")),
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
