"""WSGI entry point; servers that import it get production settings unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartportal.settings.production")

application = get_wsgi_application()

# Load every view now (matplotlib and ReportLab are heavy): a server that preloads the app
# (`gunicorn --preload`) then forks workers whose first request is as fast as any other.
from django.urls import get_resolver  # noqa: E402

_views_loaded = get_resolver().url_patterns
