"""The zones of the complaint index as every page, report, chart and file shows them: their
order (the worst first), their names in the reader's language and their colours; and the
funnel's verdicts in words."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from .index import Zone
from .statistics import Funnel

ORDER = (Zone.RED, Zone.YELLOW, Zone.GREEN)
LABELS = {Zone.RED: _("Red"), Zone.YELLOW: _("Yellow"), Zone.GREEN: _("Green")}
# Pale bands behind a line and table cells; bars need the stronger colours.
BAND_COLOURS = {Zone.GREEN: "#d1e7dd", Zone.YELLOW: "#fff3cd", Zone.RED: "#f8d7da"}
BAR_COLOURS = {Zone.GREEN: "#2e8540", Zone.YELLOW: "#e0a800", Zone.RED: "#c0392b"}
# Marker shapes as well as colours, so that the zones read in grey print and for colour-blind
# readers (the funnel plot and the quadrant chart).
MARKERS = {Zone.RED: "^", Zone.YELLOW: "s", Zone.GREEN: "o"}


def zone_label(zone: str) -> str:
    """The zone's name in the active language."""
    return str(LABELS[Zone(zone)])


def zone_labels() -> dict[str, str]:
    """Every zone's name in the active language, the worst first."""
    return {zone.value: zone_label(zone) for zone in ORDER}


def zone_rank(zone: str) -> int:
    """0 for red, 1 for yellow, 2 for green: for sorting the worst first."""
    return ORDER.index(Zone(zone))


def zone_counts(zones: Iterable[str]) -> dict[str, int]:
    """How many of ``zones`` are in each zone, the worst first."""
    zones = list(zones)
    return {zone.value: zones.count(zone) for zone in ORDER}


# Where a row stands against the funnel's limits (complaints.statistics), in words.
FUNNEL_LABELS = {
    Funnel.ABOVE_998: _("Above the limit of 99.8 %"),
    Funnel.ABOVE_95: _("Above the limit of 95 %"),
    Funnel.WITHIN: _("Within the limits"),
    Funnel.BELOW_95: _("Below the limit of 95 %"),
    Funnel.BELOW_998: _("Below the limit of 99.8 %"),
}


def funnel_position_label(funnel: str) -> str:
    """Where a row stands against the funnel's limits, in the active language."""
    return str(FUNNEL_LABELS[Funnel(funnel)])


def funnel_position_labels() -> dict[str, str]:
    return {funnel.value: funnel_position_label(funnel) for funnel in Funnel}


# The index's 95 % interval (complaints.statistics), as table headings name it.
INTERVAL_LABEL = _("Interval (95 %)")


# The zone rules that ship by default (complaints.defaults), by the name they are stored and
# published under: shown in the reader's language. A rule an administrator adds is shown as
# named.
RULE_NAMES = {
    "Band 0.80-1.20": _("Band 0.80–1.20"),
    "Poisson 95%": _("Poisson 95 %"),
}


def rule_label(name: str) -> str:
    """A zone rule's name in the active language (``Band 0.80-1.20`` → "Zolaq 0,80–1,20")."""
    return str(RULE_NAMES.get(name, name))
