"""Settings shared by every environment; each value that differs comes from the environment."""

import datetime
from email.utils import getaddresses
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "bootstrap",
    # Each app's rules.py: who may see or change its objects.
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "axes",
    "simple_history",
    "accounts",
    "institutions",
    "assessments",
    "complaints",
    "cohorts",
    "supervision",
    "home",
    "demo",
    "smartportal",
]

MIDDLEWARE = [
    "smartportal.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "smartportal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked login_not_required. Before the CSRF
    # check, which reads the body: an anonymous POST to a login-only page is answered unread.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A form body larger than its page can send: 413 before it is read (smartportal/uploads.py).
    "smartportal.middleware.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the "locked" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smartportal.urls"
WSGI_APPLICATION = "smartportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.navigation",
            ],
        },
    },
]

# SQLite is the zero-setup default; DATABASE_URL=postgres://… switches to PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock at the start of a transaction instead of failing midway
    # with "database is locked" when two people save at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login while the account or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.PortalBackend",
]
# Argon2id first (Django's recommendation), at OWASP's recommended parameters (see
# accounts/hashers.py); older hashes still check and are upgraded at the next login.
ARGON2_TIME_COST = env.int("ARGON2_TIME_COST", default=2)
ARGON2_MEMORY_KIB = env.int("ARGON2_MEMORY_KIB", default=19 * 1024)
ARGON2_PARALLELISM = env.int("ARGON2_PARALLELISM", default=1)
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Five failed logins lock the account, and separately the address, for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "az"
LANGUAGES = [
    ("az", _("Azerbaijani")),
    ("en", _("English")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["smartportal.formats"]
TIME_ZONE = "Asia/Baku"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Uploads (smartportal/uploads.py): the most bytes of files one request to each page may send,
# counted as the body streams and refused (413) before more reaches memory or the temporary
# folder; any other page takes none. The other fields stay within DATA_UPLOAD_MAX_MEMORY_SIZE
# (Django's 2.5 MB), kept.
FILE_UPLOAD_HANDLERS = [
    "smartportal.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
UPLOAD_LIMITS = {
    # Evidence: several files a save, each of at most 10 MB (checked with its own message).
    "assessments:fill": 50 * 1024 * 1024,
    # The offline workbook, of at most 2 MB: a file a little over it gets the form's message.
    "assessments:offline_upload": 3 * 1024 * 1024,
    # The regulator's complaints and client-count files.
    "complaints:upload": 200 * 1024 * 1024,
}
UPLOAD_LIMIT_DEFAULT = 0

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# No inline script or style anywhere: every page runs under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's CSS draws its small icons (select arrow, menu toggler) as data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# A complaint by the same complainant about the same institution and category within this
# many days of an earlier one is a repeat and does not count toward the complaint index.
COMPLAINT_REPEAT_DAYS = env.int("COMPLAINT_REPEAT_DAYS", default=30)

# Demo accounts (seed_demo) may exist and log in only where this is true.
DEMO_ACCOUNTS_ALLOWED = DEBUG

# Each line names the request it was written for (smartportal/request_id.py; "-" outside one).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "smartportal.request_id.RequestIdFilter"}},
    "formatters": {
        "portal": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "portal",
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}


def admins_from(value: str) -> list[tuple[str, str]]:
    """ADMINS from e.g. "Aysel Mammadova <aysel@example.az>, ops@example.az"."""
    value = value.strip().strip(",")
    if not value:
        return []
    admins = getaddresses([value])
    # One address per "@": Python's parser drops or merges what it cannot read (by version).
    if any("@" not in address for _name, address in admins) or len(admins) != value.count("@"):
        raise ImproperlyConfigured(
            f"ADMINS must read like 'Name <name@example.az>, other@example.az', not {value!r}."
        )
    return admins


# Who gets an e-mail for each server error (Django's mail_admins, when DEBUG is off), and how
# it is sent (e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.az:587).
ADMINS = admins_from(env("ADMINS", default=""))
SERVER_EMAIL = env("SERVER_EMAIL", default="root@localhost")
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
