"""The warnings and the "strong on complaint handling, but …" reasons in words, the same on
the pages and in the downloads."""

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from complaints.zones import zone_label

from .warnings import PERSISTENCE_RED, Code, EarlyWarning, StrongBut


def index_text(value: float) -> str:
    """Rounded as the pages round it (floatformat; number_format would cut 1.6656 to 1.66)."""
    return str(floatformat(value, 2))


def warning_text(warning: EarlyWarning) -> str:
    """The warning's reason, in the active language."""
    if warning.code in (Code.ZONE_UP, Code.ZONE_DOWN):
        before, after = (zone_label(zone) for zone in warning.zones)
        if warning.code == Code.ZONE_UP:
            text = _(
                "Moved to a higher zone since the previous published month: %(before)s → %(after)s"
            )
        else:
            text = _(
                "Moved to a lower zone since the previous published month: %(before)s → %(after)s"
            )
        return text % {"before": before, "after": after}
    if warning.code == Code.PERSISTENT_RED:
        return _("Red in %(count)s of the last %(window)s published months") % {
            "count": warning.count,
            "window": warning.window,
        }
    if warning.code == Code.RISING:
        return _("Index up in each of the last 3 published months: %(indices)s") % {
            "indices": " → ".join(index_text(value) for value in warning.indices)
        }
    return _(
        "Above the 99.8 %% funnel limit in the latest published month (index %(index)s): "
        "unlikely to be chance"
    ) % {"index": index_text(warning.indices[0])}


def strong_but_text(reason: StrongBut) -> str:
    """What stands against a strong complaint-handling score, after "strong …, but"."""
    if reason == StrongBut.RED:
        return _("red in the latest published month")
    if reason == StrongBut.ABOVE_998:
        return _("in the latest published month, above the funnel limit of 99.8 %")
    if reason == StrongBut.ABOVE_95:
        return _("in the latest published month, above the funnel limit of 95 %")
    return _("red in at least %(count)s of the last 6 published months") % {
        "count": PERSISTENCE_RED
    }
