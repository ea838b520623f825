"""How far an institution's complaints could be chance: plain functions, no Django.

For one period and kind: O an institution's counted complaints, n its clients, C and N the
sector's. E = C × n / N is the number of complaints the institution would have with the
sector's rate, and the index is O / E (the same value as complaint share ÷ client share).

- The index's 95 % interval: the exact Poisson (Garwood) limits of a mean given O, divided
  by E.
- Funnel limits (Spiegelhalter 2005, exact Poisson with interpolation): the indices an
  institution of this size would reach by chance alone with probability p; a point outside
  the 95 % or 99.8 % limits is unlikely to be chance.
"""

from collections.abc import Sequence
from enum import StrEnum

import numpy as np
from scipy.stats import chi2, poisson

# The funnel's limits: two-sided 95 % and 99.8 %.
FUNNEL_PROBABILITIES = (0.001, 0.025, 0.975, 0.999)


class Funnel(StrEnum):
    ABOVE_998 = "above_998"
    ABOVE_95 = "above_95"
    WITHIN = "within"
    BELOW_95 = "below_95"
    BELOW_998 = "below_998"


def expected_complaints(*, clients: int, sector_complaints: int, sector_clients: int) -> float:
    """E = C × n / N: the complaints the institution would have at the sector's rate."""
    if sector_clients <= 0:
        raise ValueError("the sector has no clients")
    return sector_complaints * clients / sector_clients


def index_interval(observed: int, expected: float, confidence: float = 0.95) -> tuple[float, float]:
    """The exact Poisson (Garwood) interval of the index O / E: lower χ²(α/2; 2O) / 2 / E
    (0 when O = 0), upper χ²(1 − α/2; 2O + 2) / 2 / E."""
    if expected <= 0:
        raise ValueError("the expected number of complaints must be positive")
    tail = (1 - confidence) / 2
    lower = chi2.ppf(tail, 2 * observed) / 2 / expected if observed else 0.0
    upper = chi2.ppf(1 - tail, 2 * observed + 2) / 2 / expected
    return float(lower), float(upper)


def funnel_limits(expected: Sequence[float], p: float) -> list[float]:
    """The index an institution expecting E complaints stays below with probability p, by
    chance alone, for each E: r the smallest whole number with F(r; E) ≥ p (F the Poisson
    distribution function), α = (F(r; E) − p) / (F(r; E) − F(r − 1; E)), limit = (r − α) / E.
    One call for a whole curve of E (the funnel plot's)."""
    sizes = np.asarray(expected, dtype=float)
    if (sizes <= 0).any():
        raise ValueError("the expected number of complaints must be positive")
    r = poisson.ppf(p, sizes)
    at_r = poisson.cdf(r, sizes)
    before = poisson.cdf(r - 1, sizes)  # 0 when r is 0
    alpha = (at_r - p) / (at_r - before)
    return ((r - alpha) / sizes).tolist()


def funnel_limit(expected: float, p: float) -> float:
    """The funnel limit at probability p for one expected count (funnel_limits)."""
    return funnel_limits([expected], p)[0]


def funnel_label(index: float, expected: float) -> Funnel:
    """Where the index stands against the 95 % and 99.8 % limits for its expected count."""
    lowest, low, high, highest = (funnel_limit(expected, p) for p in FUNNEL_PROBABILITIES)
    if index > highest:
        return Funnel.ABOVE_998
    if index > high:
        return Funnel.ABOVE_95
    if index < lowest:
        return Funnel.BELOW_998
    if index < low:
        return Funnel.BELOW_95
    return Funnel.WITHIN
