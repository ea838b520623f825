"""PDF reports: one document style for every report, with a font that has Azerbaijani and
Cyrillic letters on a machine with nothing installed (DejaVu Sans, shipped by matplotlib).

Text from users or data always goes through ``text()`` or ``table()``, which escape it:
ReportLab paragraphs read markup, and a comment like "<b>" must print as typed.
"""

import io
import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from django.utils import translation
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

# Binary streams: ASCII85 (ReportLab's default) costs a tenth of a second per chart in pure
# Python and makes the file larger.
rl_config.useA85 = 0

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
MARGIN = 18 * mm
# The frame inside the margins, less the 6 points of padding ReportLab keeps on each side.
PAGE_WIDTH = A4[0] - 2 * MARGIN - 12
PAGE_HEIGHT = A4[1] - 34 * mm - 12
HEADER_FILL = colors.HexColor("#e9ecef")
GRID = colors.HexColor("#adb5bd")


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


_register_fonts()

STYLES = {
    "title": ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=20, spaceAfter=6),
    "h2": ParagraphStyle(
        "h2",
        fontName=BOLD,
        fontSize=12.5,
        leading=16,
        spaceBefore=10,
        spaceAfter=4,
        keepWithNext=1,
    ),
    "h3": ParagraphStyle(
        "h3",
        fontName=BOLD,
        fontSize=10.5,
        leading=13,
        spaceBefore=6,
        spaceAfter=3,
        keepWithNext=1,
    ),
    "body": ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=4),
    "small": ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10, textColor="#495057"),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10.5),
    "head": ParagraphStyle("head", fontName=BOLD, fontSize=8.5, leading=10.5),
    "number": ParagraphStyle(
        "number", fontName=FONT, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
    ),
}


class _Paragraph(Paragraph):
    """A paragraph that lays out its lines once for a width: a table asks each of its cells
    again at every page it spans, which made long reports two to three times slower."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # A refused split drops the lines (blPara): then they are laid out again.
        if getattr(self, "_wrapped_width", None) != availWidth or not hasattr(self, "blPara"):
            self._wrapped_size = super().wrap(availWidth, availHeight)
            self._wrapped_width = availWidth
        return self._wrapped_size


def text(value: object, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return _Paragraph(escape(str(value)).replace("\n", "<br/>"), STYLES[style])


def heading(value: object, level: int = 2) -> Paragraph:
    return text(value, "title" if level == 1 else f"h{level}")


def facts(pairs: Sequence[tuple[str, object]]) -> Table:
    """Label-value lines, e.g. institution, period, status."""
    rows = [[text(label, "head"), text(value, "cell")] for label, value in pairs]
    table = Table(rows, colWidths=[45 * mm, PAGE_WIDTH - 45 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


# A cell's text is laid out in rows of at most so many lines and characters. ReportLab lays
# out the whole rest of a row at every page break, so one long cell takes time in the square
# of its length (a comment of 10,000 lines took minutes); rows of a bounded size take time in
# proportion to the text.
PIECE_LINES = 25
PIECE_CHARS = 1200
# Three lines of a cell, in points: less of a row is not left above a page break.
SPLIT_MIN = 36
# Two or more blank lines print as one.
BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")
# A text of more lines prints its line breaks as a sign within the running text: a page per
# few dozen short lines would make the report of a questionnaire with such texts hundreds of
# pages long (and as slow to make), while running text fills the pages.
MAX_LINES = 200
LINE_BREAK_SIGN = " ↵ "


def pieces(value: str) -> list[str]:
    """``value`` in consecutive pieces of at most PIECE_LINES lines and PIECE_CHARS
    characters, cut at the end of a line, or at a space in a longer line; blank lines in a
    row kept as one, and the line breaks of a text of more than MAX_LINES lines shown by
    LINE_BREAK_SIGN."""
    lines = BLANK_LINES.sub("\n\n", value.replace("\r\n", "\n")).split("\n")
    if len(lines) > MAX_LINES:
        lines = [LINE_BREAK_SIGN.join(lines)]
    units: list[str] = []
    for line in lines:
        while len(line) > PIECE_CHARS:
            space = line.rfind(" ", 1, PIECE_CHARS)
            cut = space + 1 if space > 0 else PIECE_CHARS
            units.append(line[:cut].rstrip(" "))
            line = line[cut:]
        units.append(line)
    found: list[str] = []
    start, size = 0, 0
    for end, unit in enumerate(units):
        if end > start and (end - start == PIECE_LINES or size + len(unit) > PIECE_CHARS):
            found.append("\n".join(units[start:end]))
            start, size = end, 0
        size += len(unit) + 1
    found.append("\n".join(units[start:]))
    return found


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    fills: Sequence[tuple[int, str]] = (),
) -> Table:
    """A table that repeats its header on every page; ``widths`` are fractions of the page
    width; ``numeric`` columns align right; ``fills`` colours a cell of column 0-based
    (row, colour) on the last column, e.g. a zone. A row with a long text is printed as
    several table rows with no line between them (see ``pieces``)."""
    body = [[text(cell, "head") for cell in header]]
    starts = []
    for row in rows:
        cells = [pieces(str("—" if cell is None else cell)) for cell in row]
        starts.append(len(body))
        for part in range(max((len(parts) for parts in cells), default=1)):
            body.append(
                [
                    text(
                        parts[part] if part < len(parts) else "",
                        "number" if index in numeric else "cell",
                    )
                    for index, parts in enumerate(cells)
                ]
            )
    starts.append(len(body))
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("BOX", (0, 0), (-1, -1), 0.4, GRID),
        ("LINEAFTER", (0, 0), (-2, -1), 0.4, GRID),
        ("LINEBELOW", (0, 0), (-1, 0), 0.4, GRID),
        # A page break closes the table with a line, within a row or between two.
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.4, GRID),
        ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    # A line below each row as the reader sees it; one command for a run of one-piece rows.
    run_start = None
    for first, end in pairwise(starts):
        if end - first == 1:
            run_start = first if run_start is None else run_start
            continue
        if run_start is not None:
            style.append(("LINEBELOW", (0, run_start), (-1, first - 1), 0.4, GRID))
            run_start = None
        style += [
            ("LINEBELOW", (0, end - 1), (-1, end - 1), 0.4, GRID),
            ("BOTTOMPADDING", (0, first), (-1, end - 2), 0),
            ("TOPPADDING", (0, first + 1), (-1, end - 1), 0),
        ]
    if run_start is not None:
        style.append(("LINEBELOW", (0, run_start), (-1, -1), 0.4, GRID))
    for row, colour in fills:
        cells = ((-1, starts[row]), (-1, starts[row + 1] - 1))
        style.append(("BACKGROUND", *cells, colors.HexColor(colour)))
    # A page break falls within a row where at least SPLIT_MIN points of it fit (else between
    # rows): split between rows first, the rest of a long text would start below a repeated
    # header on the same page.
    result = Table(
        body,
        colWidths=[PAGE_WIDTH * w for w in widths],
        repeatRows=1,
        hAlign="LEFT",
        splitByRow=0,
        splitInRow=SPLIT_MIN,
    )
    result.setStyle(TableStyle(style))
    return result


def figure(chart: Figure, width: float = PAGE_WIDTH) -> Image:
    """A matplotlib figure as a sharp PNG, ``width`` points wide, or less if it would be
    taller than a page."""
    buffer = io.BytesIO()
    chart.savefig(buffer, format="png", dpi=150)
    buffer.seek(0)
    inches_wide, inches_high = chart.get_size_inches()
    scale = min(width / inches_wide, 0.9 * PAGE_HEIGHT / inches_high)
    return Image(buffer, width=inches_wide * scale, height=inches_high * scale)


def space(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def document(story: Sequence[Flowable], *, title: str, footer: str) -> bytes:
    """Render the flowables to A4 PDF bytes, with ``footer`` and the page number on each page."""
    buffer = io.BytesIO()
    page_label = _("Page")

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#6c757d"))
        canvas.drawString(18 * mm, 10 * mm, footer[:140])
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{page_label} {doc.page}")
        canvas.restoreState()

    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="SmartPortal",
        lang=translation.get_language(),
    )
    pdf.build(list(story), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
