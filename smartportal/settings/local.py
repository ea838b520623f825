"""Development on one's own machine: `make run` uses these settings."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
DEMO_ACCOUNTS_ALLOWED = DEBUG
