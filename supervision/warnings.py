"""Early warnings from an institution's published months: plain functions, no Django.

The input is one entry per published calendar month of the institution's kind, the oldest
first and the newest last: the institution's position that month (zone, index, funnel), or
``None`` when the month's table did not list it. Not listed means it had no counted complaint
that month. How such a gap counts:

- moved zone: only between two listed months (the latest and the one before); a gap in
  either is no zone, so no move is claimed.
- red in 3 of the last 6: the window is the last 6 published months, gaps included; a gap is
  not red, and never pushes the window further back.
- index up in each of the last 3: needs the last 4 published months listed, each index above
  the one before; a gap anywhere in them breaks the run (no index was published for it).
- above the 99.8 % limit: only when the latest published month lists the institution.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from assessments.scoring import Band, band_for
from complaints.index import Zone
from complaints.statistics import Funnel

PERSISTENCE_WINDOW = 6
PERSISTENCE_RED = 3
RISING_MONTHS = 3
# Zones from the lowest index up: moving "up" means towards red.
ZONE_STEPS = (Zone.GREEN, Zone.YELLOW, Zone.RED)


@dataclass(frozen=True)
class Position:
    """An institution's row in one published month."""

    zone: str
    index: float
    funnel: str


class Code(StrEnum):
    ZONE_UP = "zone_up"
    ZONE_DOWN = "zone_down"
    PERSISTENT_RED = "persistent_red"
    RISING = "rising"
    ABOVE_998 = "above_998"


@dataclass(frozen=True)
class EarlyWarning:
    """One warning and the figures its sentence needs: the two zones of a move (before,
    after), the red months and the window they were counted in, or the rising indices."""

    code: Code
    zones: tuple[str, ...] = ()
    count: int = 0
    window: int = 0
    indices: tuple[float, ...] = ()


class StrongBut(StrEnum):
    """Why an institution strong on complaint handling is flagged."""

    RED = "red"
    ABOVE_95 = "above_95"
    ABOVE_998 = "above_998"
    PERSISTENT_RED = "persistent_red"


Months = Sequence[Position | None]


def zone_move(months: Months) -> EarlyWarning | None:
    """A zone change between the two latest published months, both listed."""
    if len(months) < 2 or months[-1] is None or months[-2] is None:
        return None
    before, after = Zone(months[-2].zone), Zone(months[-1].zone)
    if before == after:
        return None
    up = ZONE_STEPS.index(after) > ZONE_STEPS.index(before)
    return EarlyWarning(Code.ZONE_UP if up else Code.ZONE_DOWN, zones=(before, after))


def red_months(months: Months) -> tuple[int, int]:
    """How many of the last (up to) 6 published months were red, and how many were looked at."""
    window = list(months[-PERSISTENCE_WINDOW:])
    return sum(1 for m in window if m is not None and m.zone == Zone.RED), len(window)


def persistent_red(months: Months) -> EarlyWarning | None:
    count, window = red_months(months)
    if count < PERSISTENCE_RED:
        return None
    return EarlyWarning(Code.PERSISTENT_RED, count=count, window=window)


def rising(months: Months) -> EarlyWarning | None:
    """The index up in each of the last 3 published months: 4 listed months, each higher."""
    run = list(months[-(RISING_MONTHS + 1) :])
    if len(run) < RISING_MONTHS + 1 or any(m is None for m in run):
        return None
    indices = tuple(m.index for m in run)
    if all(later > earlier for earlier, later in zip(indices, indices[1:], strict=False)):
        return EarlyWarning(Code.RISING, indices=indices)
    return None


def above_alarm(months: Months) -> EarlyWarning | None:
    if not months or months[-1] is None or months[-1].funnel != Funnel.ABOVE_998:
        return None
    return EarlyWarning(Code.ABOVE_998, indices=(months[-1].index,))


def early_warnings(months: Months) -> list[EarlyWarning]:
    """Every warning the months give, in a fixed order: move, persistence, trend, funnel."""
    found = (zone_move(months), persistent_red(months), rising(months), above_alarm(months))
    return [warning for warning in found if warning is not None]


def strong_but(*, handling_score: float | None, months: Months) -> list[StrongBut]:
    """Why a complaint-handling score in the strong band (≥ 80 %) sits badly with the
    complaints: red in the latest month, above its 95 % (or 99.8 %) funnel limit, red in 3 of
    the last 6. Empty when the band is not strong or nothing contradicts it."""
    if band_for(handling_score) != Band.STRONG:
        return []
    latest = months[-1] if months else None
    reasons = []
    if latest is not None and latest.zone == Zone.RED:
        reasons.append(StrongBut.RED)
    if latest is not None and latest.funnel == Funnel.ABOVE_998:
        reasons.append(StrongBut.ABOVE_998)
    elif latest is not None and latest.funnel == Funnel.ABOVE_95:
        reasons.append(StrongBut.ABOVE_95)
    if red_months(months)[0] >= PERSISTENCE_RED:
        reasons.append(StrongBut.PERSISTENT_RED)
    return reasons
