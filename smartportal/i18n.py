"""Content kept in three languages (fields ``<name>_az``, ``<name>_en``, ``<name>_ru``)."""

from typing import Any

from django.http import Http404
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("az", "en", "ru")


def current_language() -> str:
    language = (get_language() or "az")[:2]
    return language if language in CONTENT_LANGUAGES else "az"


def requested_language(request) -> str:
    """The language a download is asked for (``?lang=``), else the page's; 404 for others."""
    language = request.GET.get("lang") or current_language()
    if language not in CONTENT_LANGUAGES:
        raise Http404
    return language


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """``obj.<field>_<language>``, falling back to the Azerbaijani text when that is empty."""
    text = getattr(obj, f"{field}_{language or current_language()}", "")
    return text or getattr(obj, f"{field}_az", "")
