"""Production: HTTPS only, no secret default; will not start without SECRET_KEY, ALLOWED_HOSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
DEMO_ACCOUNTS_ALLOWED = False

SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be 50 or more random characters.")
ALLOWED_HOSTS = [host.strip() for host in env.list("ALLOWED_HOSTS") if host.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set the ALLOWED_HOSTS environment variable.")

# LOCAL_HTTP=true is for `make serve` and `make load` only: plain HTTP on this machine, so no
# HTTPS redirect, no HSTS and no Secure cookie flag (a browser would not send them back).
LOCAL_HTTP = env.bool("LOCAL_HTTP", default=False)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
if LOCAL_HTTP and not set(ALLOWED_HOSTS) <= LOCAL_HOSTS:
    raise ImproperlyConfigured("LOCAL_HTTP is for 127.0.0.1 and localhost only: see ALLOWED_HOSTS.")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not LOCAL_HTTP)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if LOCAL_HTTP else env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL_HTTP
SECURE_HSTS_PRELOAD = not LOCAL_HTTP
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = not LOCAL_HTTP
CSRF_COOKIE_SECURE = not LOCAL_HTTP
LANGUAGE_COOKIE_SECURE = not LOCAL_HTTP
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Compressed, cache-busting static files, served by WhiteNoise (run `collectstatic` first;
# development and tests serve them from the apps, so only production has the middleware).
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Each worker keeps its database connection between requests (`?conn_max_age=0` in DATABASE_URL
# turns it off): PostgreSQL starts a process per new connection, which under load cost the pages
# more than their own queries (docs/benchmarks.md, "Load").
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)  # noqa: F405

# Error reports to Sentry or a compatible service (GlitchTip, …) only when SENTRY_DSN is set;
# without it nothing is sent anywhere (smartportal/error_reports.py says what is left out).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from smartportal.error_reports import error_reports_start

    error_reports_start(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
