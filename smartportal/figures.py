"""What every chart of the portal shares."""

import functools
from collections.abc import Callable
from typing import TypeVar

import matplotlib

F = TypeVar("F", bound=Callable)

# A questionnaire or a table may be long: a chart never grows taller than this.
MAX_HEIGHT_INCHES = 11.0


def plain_text(draw: F) -> F:
    """Draw with every text taken literally: a "$" in a name is a dollar sign, not maths
    (matplotlib would otherwise parse "$5 and $10" as an equation, or fail on it)."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context({"text.parse_math": False}):
            return draw(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def height_for(rows: int, *, per_row: float = 0.65, extra: float = 1.4) -> float:
    return min(per_row * rows + extra, MAX_HEIGHT_INCHES)
