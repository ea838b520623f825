"""The kind of institution and the month in a page's address; anything else is not found."""

import datetime

from django.http import Http404

from institutions.models import Kind


def month_or_404(value: str) -> datetime.date:
    """``YYYY-MM`` as the first day of that month."""
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise Http404 from None


def kind_or_404(value: str) -> str:
    if value not in Kind.values:
        raise Http404
    return value
