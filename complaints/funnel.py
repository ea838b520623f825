"""The funnel plot of a month's table as the pages and the zone report show it: its points,
its words in the reader's language, and the summary beside it that says the same in text.

Rows are the dictionaries the pages list (``institution``, ``expected``, ``index``, ``zone``,
``funnel``), computed now or published; institutions not listed come as expected counts.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.core.cache import cache
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.figure import Figure

from smartportal.figures import to_svg

from .charts import FunnelPoint, FunnelTexts, funnel_figure
from .models import Publication
from .selectors import publication_rows
from .statistics import Funnel
from .zones import funnel_position_label, zone_labels

# The summary names the institutions outside the limits, the farthest out first.
OUTSIDE = (Funnel.ABOVE_998, Funnel.ABOVE_95, Funnel.BELOW_95, Funnel.BELOW_998)


def funnel_plot(*, rows: Sequence[dict], not_listed_expected: Sequence[float]) -> Figure:
    points = [
        FunnelPoint(row["expected"], row["index"], row["zone"], row["institution"].name)
        for row in rows
    ] + [FunnelPoint(expected, 0.0) for expected in not_listed_expected]
    texts = FunnelTexts(
        x_axis=_("Expected complaints at the sector's rate (log scale)"),
        y_axis=_("Complaint index"),
        limits_95=_("Limits at 95 %"),
        limits_998=_("Limits at 99.8 %"),
        average=_("Sector average (1.0)"),
        not_listed=_("No complaint (not listed)"),
        zones=zone_labels(),
    )
    return funnel_figure(points=points, texts=texts, number=_tick)


def _tick(value: float) -> str:
    """1, 0.5, 0.05: no more decimals than the tick has (two at most), the reader's way."""
    return formats.number_format(Decimal(f"{value:.2f}".rstrip("0").rstrip(".")))


def funnel_svg(*, rows: Sequence[dict], not_listed_expected: Sequence[float]) -> str:
    return to_svg(funnel_plot(rows=rows, not_listed_expected=not_listed_expected))


def publication_funnel_svg(publication: Publication) -> str:
    """A published table's funnel plot in the active language, drawn once: a publication
    never changes, and its plot shows nothing from another (unlike the zone report's change
    from the previous month)."""
    key = f"funnel:{publication.pk}:{translation.get_language()}"
    return cache.get_or_set(
        key,
        lambda: funnel_svg(
            rows=publication_rows(publication=publication),
            not_listed_expected=publication.not_listed_expected,
        ),
        timeout=None,
    )


def funnel_summary(*, rows: Sequence[dict], not_listed: int) -> list[str]:
    """What the plot shows, in sentences: who is outside the limits, how many within."""
    lines = []
    for verdict in OUTSIDE:
        names = [row["institution"].name for row in rows if row["funnel"] == verdict]
        if names:
            lines.append(
                _("%(verdict)s: %(count)s (%(names)s).")
                % {
                    "verdict": funnel_position_label(verdict),
                    "count": len(names),
                    "names": ", ".join(names),
                }
            )
    within = sum(row["funnel"] == Funnel.WITHIN for row in rows)
    lines.append(
        _("%(verdict)s: %(count)s.")
        % {"verdict": funnel_position_label(Funnel.WITHIN), "count": within}
    )
    if not_listed:
        lines.append(
            ngettext(
                "%(count)s institution without complaints is shown at 0.",
                "%(count)s institutions without complaints are shown at 0.",
                not_listed,
            )
            % {"count": not_listed}
        )
    return lines
