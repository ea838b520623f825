"""The kind of institution and the month in a page's address; anything else is not found."""

import datetime

from django.http import Http404

from institutions.models import Kind

from ..months import month_parse


def month_or_404(value: str) -> datetime.date:
    """``YYYY-MM`` within the months the index knows, as the first day of that month."""
    month = month_parse(value)
    if month is None:
        raise Http404
    return month


def kind_or_404(value: str) -> str:
    if value not in Kind.values:
        raise Http404
    return value
