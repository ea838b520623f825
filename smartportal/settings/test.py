"""Settings for the test suite (pytest-django); DATABASE_URL picks PostgreSQL as elsewhere."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-any-server"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django runs with DEBUG off, yet the journeys log in as the demo accounts.
DEMO_ACCOUNTS_ALLOWED = True
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
AXES_VERBOSE = False
