"""The texts every published table carries, in the active language: the public page and the
zone reports take them from here, so that they never say different things.

Every function reads the active language: callers wrap them in ``translation.override``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from institutions.models import Kind

from .index import Method, Zone
from .models import PeriodType, Publication
from .selectors import add_months


@dataclass(frozen=True)
class Methodology:
    heading: str
    formula: str
    points: tuple[str, ...]
    disclaimer: str


def methodology(kind: str | None = None) -> Methodology:
    """How the index is computed, and what it is not, as every published table explains it.
    The client base differs for insurers (contracts concluded); without a kind, both."""
    clients = _(
        "Client market share: the institution's clients with a current-account balance "
        "of 100 manat or more and at least one transaction in the last three months, "
        "divided by the same count for the whole sector."
    )
    contracts = _(
        "For insurers, the client market share is the insurer's share of the contracts "
        "concluded in the sector in the period."
    )
    bases = {Kind.INSURER: (contracts,), None: (clients, contracts)}.get(kind, (clients,))
    return Methodology(
        heading=_("How the index is computed"),
        formula=_("Complaint index = complaint market share ÷ client market share."),
        points=(
            _(
                "Complaint market share: the institution's complaints received by the Central "
                "Bank in the period (oral, written and in-person reception) divided by all such "
                "complaints about the sector. Repeat complaints, complaints about loan "
                "concessions, requests for a loan and topics outside the Central Bank's "
                "authority are not counted."
            ),
            *bases,
            _("Institutions that received no complaint in the period are not listed."),
            _(
                "The figures in brackets beside an index are its interval (95 %): the indices "
                "that fit the complaints received, allowing for chance. Few complaints give a "
                "wide interval."
            ),
            _(
                "The funnel plot sets each institution's index against the complaints it would "
                "have at the sector's rate. The curves show how far from 1.0 an index can fall "
                "by chance alone for an institution of that size: inside the dashed curves 95 "
                "times in 100, inside the dotted ones 998 times in 1,000. A point above the "
                "dotted curve is very unlikely to be chance; a high index inside the curves may "
                "well be."
            ),
        ),
        disclaimer=_("The index is not a rating of an institution's financial soundness."),
    )


def zone_counts_text(counts: Mapping[str, int]) -> str:
    """ "3 red, 6 yellow, 8 green"."""
    return _("%(red)s red, %(yellow)s yellow, %(green)s green") % {
        "red": counts[Zone.RED],
        "yellow": counts[Zone.YELLOW],
        "green": counts[Zone.GREEN],
    }


def publication_title(publication: Publication) -> str:
    if publication.period_type == PeriodType.ROLLING_12:
        return _("Complaint index, %(kind)s: the 12 months %(first)s – %(last)s") % {
            "kind": Kind(publication.kind).label,
            "first": f"{add_months(publication.month, -11):%Y-%m}",
            "last": f"{publication.month:%Y-%m}",
        }
    return _("Complaint index, %(kind)s: %(month)s") % {
        "kind": Kind(publication.kind).label,
        "month": f"{publication.month:%Y-%m}",
    }


def revision_text(publication: Publication) -> str:
    return _("Revision %(revision)s, published %(date)s.") % {
        "revision": publication.revision,
        "date": formats.date_format(
            timezone.localtime(publication.published_at), "SHORT_DATE_FORMAT"
        ),
    }


def rule_text(publication: Publication) -> str:
    if publication.method == Method.BAND:
        return _(
            "Green below %(lower)s, red above %(upper)s (times the reference), yellow between."
        ) % {"lower": floatformat(publication.lower, 2), "upper": floatformat(publication.upper, 2)}
    return _(
        "Red or green only where complaints differ from the expected number with "
        "%(confidence)s confidence; yellow otherwise."
    ) % {"confidence": confidence_percent(publication.confidence)}


def confidence_percent(confidence: Decimal | float) -> str:
    """0.950 → "95 %" (with the language's decimal mark where there is a fraction)."""
    return f"{floatformat(Decimal(str(confidence)) * 100, -1)} %"


def not_listed_text(publication: Publication) -> str:
    """How many institutions with data had no complaint in the period, so are not listed;
    nothing when every one is listed."""
    counter = publication.not_listed
    if not counter:
        return ""
    if publication.period_type == PeriodType.ROLLING_12:
        text = ngettext(
            "%(counter)s institution received no complaint in the 12 months and is not listed.",
            "%(counter)s institutions received no complaint in the 12 months and are not listed.",
            counter,
        )
    else:
        text = ngettext(
            "%(counter)s institution received no complaint in the month and is not listed.",
            "%(counter)s institutions received no complaint in the month and are not listed.",
            counter,
        )
    return text % {"counter": counter}


def change_heading(publication: Publication) -> str:
    """The heading of the column of changes: a rolling table compares with the previous
    12-month window (the 12 months to the month before), a month's table with the month
    before."""
    if publication.period_type == PeriodType.ROLLING_12:
        return _("Change from the previous 12-month window")
    return _("Change from the previous month")
