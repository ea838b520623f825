"""Scoring a client-protection assessment: plain functions over plain data, no Django.

Answers earn points: meets 2, partially 1, does not meet 0; "not applicable" is left
out of the denominator. A principle's score is weighted points ÷ weighted maximum over
its applicable indicators, as a percentage; the overall score is the same over every
applicable indicator. A principle with nothing applicable has no score.

A score is rounded once, here, to one decimal, half up (92.65 is 92.7, 92.647 is 92.6): that
figure is stored at submission and shown as it is on pages, reports and charts, so a score
never moves between the draft and the submitted result.
"""

import statistics
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

POINTS = {"meets": 2, "partial": 1, "not_met": 0}
MAX_POINTS = 2
NOT_APPLICABLE = "na"


class Band(StrEnum):
    URGENT = "urgent"
    IMPROVE = "improve"
    STRONG = "strong"


@dataclass(frozen=True)
class IndicatorAnswer:
    """One indicator and the answer given to it (``response`` None or "" when unanswered)."""

    code: str
    principle: Hashable
    weight: float = 1
    critical: bool = False
    response: str | None = None


@dataclass(frozen=True)
class PrincipleResult:
    principle: Hashable
    earned: float
    possible: float
    applicable: int
    answered: int
    total: int

    @property
    def score(self) -> float | None:
        return percentage(self.earned, self.possible)


@dataclass(frozen=True)
class AssessmentResult:
    principles: list[PrincipleResult]
    earned: float
    possible: float
    gate_met: bool
    unanswered: list[str]

    @property
    def overall(self) -> float | None:
        return percentage(self.earned, self.possible)

    @property
    def band(self) -> Band | None:
        return band_for(self.overall)

    @property
    def complete(self) -> bool:
        return not self.unanswered


ONE_DECIMAL = Decimal("0.1")


def percentage(earned: float, possible: float) -> float | None:
    """100 × earned ÷ possible, rounded once to one decimal, half up (in Decimal: a float
    such as 92.65 may sit just below the half and round down)."""
    if possible == 0:
        return None
    exact = 100 * Decimal(str(earned)) / Decimal(str(possible))
    return float(exact.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))


# A score below 50 % needs urgent work, from 80 % it is strong.
URGENT_BELOW = 50
STRONG_FROM = 80


def band_for(score: float | None) -> Band | None:
    if score is None:
        return None
    if score < URGENT_BELOW:
        return Band.URGENT
    if score < STRONG_FROM:
        return Band.IMPROVE
    return Band.STRONG


def _check(answer: IndicatorAnswer) -> None:
    if answer.weight <= 0:
        raise ValueError(f"{answer.code}: weight must be positive, not {answer.weight}")
    if answer.response not in (None, "", NOT_APPLICABLE, *POINTS):
        raise ValueError(f"{answer.code}: unknown answer {answer.response!r}")


def score(answers: Iterable[IndicatorAnswer]) -> AssessmentResult:
    """Score what has been answered so far; unanswered indicators count nowhere yet.

    The certification gate is met only when every critical indicator that applies is
    answered "meets".
    """
    order: list[Hashable] = []
    totals: dict[Hashable, list[float]] = {}
    unanswered: list[str] = []
    gate_met = True
    for answer in answers:
        _check(answer)
        if answer.principle not in totals:
            order.append(answer.principle)
            totals[answer.principle] = [0.0, 0.0, 0, 0, 0]
        earned, possible, applicable, answered, total = totals[answer.principle]
        total += 1
        if not answer.response:
            unanswered.append(answer.code)
            gate_met = gate_met and not answer.critical
        else:
            answered += 1
            if answer.response != NOT_APPLICABLE:
                applicable += 1
                earned += answer.weight * POINTS[answer.response]
                possible += answer.weight * MAX_POINTS
                gate_met = gate_met and (not answer.critical or answer.response == "meets")
        totals[answer.principle] = [earned, possible, applicable, answered, total]

    principles = [PrincipleResult(key, *totals[key]) for key in order]
    return AssessmentResult(
        principles=principles,
        earned=sum(p.earned for p in principles),
        possible=sum(p.possible for p in principles),
        gate_met=gate_met,
        unanswered=unanswered,
    )


@dataclass(frozen=True)
class RankedIndicator:
    code: str
    ratio: float
    weight: float


def weakest_and_strongest(
    answers: Iterable[IndicatorAnswer], *, limit: int = 5
) -> tuple[list[RankedIndicator], list[RankedIndicator]]:
    """The applicable indicators with the lowest and highest share of points.

    Ties go to the heavier indicator, then to questionnaire order. The weakest list holds
    only indicators below "meets"; the strongest only those that meet.
    """
    ranked = [
        (index, RankedIndicator(a.code, POINTS[a.response] / MAX_POINTS, a.weight))
        for index, a in enumerate(answers)
        if a.response in POINTS
    ]
    weakest = sorted(
        (item for item in ranked if item[1].ratio < 1),
        key=lambda item: (item[1].ratio, -item[1].weight, item[0]),
    )
    strongest = sorted(
        (item for item in ranked if item[1].ratio == 1),
        key=lambda item: (-item[1].weight, item[0]),
    )
    return [r for _i, r in weakest[:limit]], [r for _i, r in strongest[:limit]]


@dataclass(frozen=True)
class Spread:
    count: int
    lowest: float
    lower_quartile: float
    median: float
    upper_quartile: float
    highest: float
    mean: float


def spread(values: Iterable[float]) -> Spread | None:
    """The five-number summary and the mean (quartiles by the inclusive method, so that a
    single value is its own quartiles); None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    if len(ordered) == 1:
        lower, middle, upper = ordered * 3
    else:
        lower, middle, upper = statistics.quantiles(ordered, n=4, method="inclusive")
    return Spread(
        count=len(ordered),
        lowest=ordered[0],
        lower_quartile=lower,
        median=middle,
        upper_quartile=upper,
        highest=ordered[-1],
        mean=statistics.fmean(ordered),
    )


def points_share(meets: int, partial: int, not_met: int) -> float | None:
    """The share of the possible points earned over the given answers, as a percentage."""
    return percentage(MAX_POINTS * meets + partial, MAX_POINTS * (meets + partial + not_met))
