"""What the selectors found, with the words the pages and files show beside the figures."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.models import BAND_LABELS
from assessments.scoring import band_for
from complaints.zones import funnel_position_label, zone_label

from .selectors import Claim, InstitutionPosition, Line, ZoneMap
from .texts import strong_but_text, warning_text
from .warnings import EarlyWarning


def band_label(score: Decimal | float | None) -> str:
    """The band of a score in words ("Strong"), or nothing when there is no score."""
    band = band_for(score)
    return str(BAND_LABELS[band]) if band else ""


@dataclass(frozen=True)
class WarningRow:
    line: Line
    warning: EarlyWarning
    text: str


def warning_rows(zone_map: ZoneMap) -> list[WarningRow]:
    """Every institution's warnings, in the zone map's order."""
    return [
        WarningRow(line, warning, warning_text(warning))
        for line in zone_map.lines
        for warning in line.warnings
    ]


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    band_label: str
    zone_label: str
    funnel_label: str
    warnings: list[str]
    strong_but: list[str]


def claim_rows(claims: list[Claim]) -> list[ClaimRow]:
    return [
        ClaimRow(
            claim=claim,
            band_label=band_label(claim.handling_score),
            zone_label=zone_label(claim.latest.zone),
            funnel_label=funnel_position_label(claim.latest.funnel),
            warnings=[warning_text(warning) for warning in claim.line.warnings],
            strong_but=[strong_but_text(reason) for reason in claim.reasons],
        )
        for claim in claims
    ]


def position_context(position: InstitutionPosition) -> dict:
    """The institution page's section: its latest row, its months (newest first, a gap as
    None), its warnings in words, its latest assessment and that one's principle scores."""
    line = position.line
    latest = line.latest if line else None
    return {
        "interval_heading": _("Index and its interval (95 %)"),
        "latest": latest,
        "latest_month": position.months[0] if position.months else None,
        "funnel_label": funnel_position_label(latest.funnel) if latest else "",
        "trend": list(zip(position.months, line.cells, strict=True)) if line else [],
        "warnings": [warning_text(warning) for warning in line.warnings] if line else [],
        "assessment": position.assessment,
        "scores": [(score, band_label(score.score)) for score in position.scores],
    }
