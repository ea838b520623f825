from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """0.1234 → "12,34%" (localised, two decimals)."""
    if share is None:
        return "—"
    return f"{floatformat(share * 100, 2)}%"
