"""The names of zones, of the funnel's verdicts and of the reasons a complaint counted or
not, as pages show them."""

from django import template

from complaints.models import REASON_LABELS
from complaints.zones import INTERVAL_LABEL, funnel_position_label
from complaints.zones import rule_label as _rule_label
from complaints.zones import zone_label as _zone_label

register = template.Library()


@register.filter
def zone_label(zone: str) -> str:
    """``red`` → "Red", in the active language."""
    return _zone_label(zone)


@register.filter
def reason_label(reason: str) -> str:
    """``repeat`` → "Not counted: repeat of an earlier complaint", in the active language."""
    return str(REASON_LABELS.get(reason, reason))


@register.filter
def funnel_label(funnel: str) -> str:
    """``above_998`` → "Above the 99.8 % limit", in the active language."""
    return funnel_position_label(funnel)


@register.simple_tag
def interval_label() -> str:
    """ "Interval (95 %)": the index's interval, as the tables' headings and their
    screen-reader labels name it (one text with the Excel and PDF reports')."""
    return str(INTERVAL_LABEL)


@register.filter
def rule_label(name: str) -> str:
    """``Band 0.80-1.20`` → "Band 0.80–1.20", in the active language."""
    return _rule_label(name)


@register.filter
def heading(headings: dict | None, key: str) -> dict | None:
    """The sortable heading ``key`` of a table (its link and current order), if it sorts."""
    return (headings or {}).get(key)
