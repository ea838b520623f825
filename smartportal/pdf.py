"""PDF reports: one document style for every report, with a font that has Azerbaijani and
Cyrillic letters on a machine with nothing installed (DejaVu Sans, shipped by matplotlib).

Text from users or data always goes through ``text()`` or ``table()``, which escape it:
ReportLab paragraphs read markup, and a comment like "<b>" must print as typed.
"""

import io
from collections.abc import Sequence
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


def text(value: object, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), STYLES[style])


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
    (row, colour) on the last column, e.g. a zone."""
    body = [[text(cell, "head") for cell in header]]
    for row in rows:
        body.append(
            [
                text("—" if cell is None else cell, "number" if index in numeric else "cell")
                for index, cell in enumerate(row)
            ]
        )
    # splitInRow: a row taller than a page (a long comment) continues on the next one.
    result = Table(
        body,
        colWidths=[PAGE_WIDTH * w for w in widths],
        repeatRows=1,
        hAlign="LEFT",
        splitInRow=1,
    )
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for row, colour in fills:
        style.append(("BACKGROUND", (-1, row + 1), (-1, row + 1), colors.HexColor(colour)))
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
