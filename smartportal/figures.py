"""What every chart of the portal shares: text taken literally and kept as text, a height
limit, and the SVG the pages show."""

import io

import matplotlib
from matplotlib.figure import Figure

# Set once for the whole process, never toggled: a temporary rc_context changes the same
# global settings and races between the threads of a server (some charts then came out with
# their text drawn as paths). A "$" in a name is a dollar sign, not maths ("$5 and $10"
# would parse as an equation, or fail); SVG text stays text, readable by screen readers and
# search, and far smaller than paths.
matplotlib.rcParams["text.parse_math"] = False
matplotlib.rcParams["svg.fonttype"] = "none"

# A questionnaire or a table may be long: a chart never grows taller than this.
MAX_HEIGHT_INCHES = 11.0


def height_for(rows: int, *, per_row: float = 0.65, extra: float = 1.4) -> float:
    return min(per_row * rows + extra, MAX_HEIGHT_INCHES)


def to_svg(figure: Figure) -> str:
    """The figure as SVG text, for a page."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    return buffer.getvalue()
