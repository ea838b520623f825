"""The monthly zone report that regulators hand on (PDF and Excel) for one publication, made
once per language and format. Its texts are those of the public page (complaints.texts).

The builders read the active language: callers wrap them in ``translation.override``.
"""

from django.core.cache import cache
from django.template.defaultfilters import floatformat
from django.utils import formats, translation
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.pdfbase.pdfmetrics import stringWidth

from smartportal import pdf
from smartportal.exports import safe_cell, workbook_bytes
from smartportal.templatetags.portal import percent

from . import charts
from .funnel import funnel_plot, funnel_summary
from .index import Method
from .models import PeriodType, Publication
from .selectors import INDEX_COLUMNS, publication_rows
from .texts import (
    change_heading,
    methodology,
    not_listed_text,
    publication_title,
    revision_text,
    rule_text,
    zone_counts_text,
)
from .zones import (
    BAND_COLOURS,
    BAR_COLOURS,
    ORDER,
    funnel_position_labels,
    zone_counts,
    zone_labels,
)

REPORT_COLUMNS = [*INDEX_COLUMNS, "change_from_previous_month"]
XLSX_FORMATS = {
    "complaint_share": "0.00%",
    "clients": "#,##0",
    "client_share": "0.00%",
    "expected": "0.0",
    "index": "0.00",
    "index_low": "0.00",
    "index_high": "0.00",
    "change_from_previous_month": "+0.00;-0.00;0.00",
}
# Widths in the PDF's table, in points: a cell has 6 points of padding on either side.
MIN_FIGURE_WIDTH = 24
CELL_PADDING = 12.5


def report_filename(*, publication: Publication, language: str, fmt: str) -> str:
    """E.g. ``complaint-index-report-bank-2026-09-r1-az.pdf``."""
    period = "" if publication.period_type == PeriodType.MONTH else f"-{publication.period_type}"
    return (
        f"complaint-index-report-{publication.kind}-{publication.month:%Y-%m}{period}"
        f"-r{publication.revision}-{language}.{fmt}"
    )


def _change_text(change: float | None) -> str | None:
    if change is None:
        return None
    return ("+" if change > 0 else "") + str(floatformat(change, 2))


def zone_figure(*, publication: Publication, rows: list[dict]) -> Figure:
    """The indices as bars coloured by zone, with the bounds of the rule the table used."""
    reference = publication.reference_value
    if publication.method == Method.BAND:
        bounds = [float(publication.lower) * reference, float(publication.upper) * reference]
    else:
        bounds = [reference]
    return charts.zone_bars_figure(
        names=[row["institution"].name for row in rows],
        values=[row["index"] for row in rows],
        zones=[row["zone"] for row in rows],
        bounds=[(value, str(floatformat(value, 2))) for value in bounds],
        zone_labels=zone_labels(),
        value_label=lambda value: str(floatformat(value, 2)),
        axis_label=_("Complaint index"),
    )


def _table_header(publication: Publication) -> list[str]:
    return [
        _("Institution"),
        _("Complaints"),
        _("Complaint share"),
        _("Clients"),
        _("Client share"),
        _("Index and its interval (95 %)"),
        change_heading(publication),
        _("Zone"),
    ]


def _column_widths(header: list[str], cells: list[list[str | None]]) -> list[float]:
    """Fractions of the page width: each figure column as wide as its longest heading word or
    value (so that none is split mid-word); the rest to the institution."""
    head, number = pdf.STYLES["head"], pdf.STYLES["number"]
    figures = []
    for column, title in enumerate(header[1:], start=1):
        words = [stringWidth(word, head.fontName, head.fontSize) for word in title.split()]
        values = [
            stringWidth(line, number.fontName, number.fontSize)
            for row in cells
            for line in (row[column] or "").split("\n")
        ]
        figures.append(max(MIN_FIGURE_WIDTH, *words, *values) + CELL_PADDING)
    return [1 - sum(figures) / pdf.PAGE_WIDTH, *(width / pdf.PAGE_WIDTH for width in figures)]


def zone_report_pdf(*, publication: Publication) -> bytes:
    """The zone report as A4 PDF: title, zone counts, the table, a chart and the methodology."""
    rows = publication_rows(publication=publication)
    labels = zone_labels()
    about = methodology(publication.kind)
    title = publication_title(publication)
    header = _table_header(publication)
    cells = [
        [
            row["institution"].name,
            str(formats.localize(row["complaints"])),
            percent(row["complaint_share"]),
            str(formats.localize(row["clients"])),
            percent(row["client_share"]),
            f"{floatformat(row['index'], 2)}\n"
            f"({floatformat(row['index_low'], 2)}–{floatformat(row['index_high'], 2)})",
            _change_text(row["change"]),
            labels[row["zone"]],
        ]
        for row in rows
    ]
    table = pdf.table(
        header,
        cells,
        _column_widths(header, cells),
        numeric=range(1, 7),
        fills=[(number, BAND_COLOURS[row["zone"]]) for number, row in enumerate(rows)],
    )
    story = [
        pdf.heading(title, 1),
        pdf.text(revision_text(publication)),
        pdf.text(zone_counts_text(zone_counts(row["zone"] for row in rows)), "h3"),
        pdf.text(f"{rule_text(publication)} {not_listed_text(publication)}"),
        pdf.space(),
        table,
    ]
    if rows:
        story += [
            pdf.space(),
            pdf.figure(zone_figure(publication=publication, rows=rows)),
            pdf.heading(_("Chance or signal: the funnel plot")),
            pdf.figure(funnel_plot(rows=rows, not_listed_expected=publication.not_listed_expected)),
            *(
                pdf.text(line)
                for line in funnel_summary(
                    rows=rows, not_listed=len(publication.not_listed_expected)
                )
            ),
        ]
    story += [
        pdf.heading(about.heading),
        pdf.text(about.formula),
        *(pdf.text(f"• {point}") for point in about.points),
        pdf.text(about.disclaimer, "h3"),
    ]
    return pdf.document(story, title=f"{title}, r{publication.revision}", footer=about.disclaimer)


def index_record(row: dict, month_code: str, *, zone: str, funnel: str) -> list:
    """One published row in the order of INDEX_COLUMNS (the downloads' and reports' columns)."""
    return [
        month_code,
        row["institution"].institution_code,
        row["institution"].name,
        row["complaints"],
        row["complaint_share"],
        row["clients"],
        row["client_share"],
        row["expected"],
        row["index"],
        row["index_low"],
        row["index_high"],
        funnel,
        zone,
    ]


def _data_sheet(sheet: Worksheet, publication: Publication, rows: list[dict]) -> None:
    month_code = f"{publication.month:%Y-%m}"
    labels, funnel_labels = zone_labels(), funnel_position_labels()
    # Headings and zones in the report's language; the CSV and JSON downloads keep the codes.
    sheet.append(
        [
            _("Month"),
            _("Code"),
            _("Institution"),
            _("Complaints"),
            _("Complaint share"),
            _("Clients"),
            _("Client share"),
            _("Expected complaints"),
            _("Index"),
            _("Index interval (95 %): lower"),
            _("Index interval (95 %): upper"),
            _("Against the funnel limits"),
            _("Zone"),
            change_heading(publication),
        ]
    )
    for row in rows:
        record = index_record(
            row, month_code, zone=labels[row["zone"]], funnel=funnel_labels[row["funnel"]]
        )
        sheet.append([safe_cell(value) for value in [*record, row["change"]]])
    for column, name in enumerate(REPORT_COLUMNS, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[letter].width = 34 if name == "institution" else 15
        for cell in sheet[letter][1:]:
            cell.number_format = XLSX_FORMATS.get(name, cell.number_format)
    zone_column = REPORT_COLUMNS.index("zone") + 1
    for number, row in enumerate(rows, start=2):
        colour = BAND_COLOURS[row["zone"]].lstrip("#")
        sheet.cell(row=number, column=zone_column).fill = PatternFill("solid", fgColor=colour)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _index_chart(data: Worksheet, rows: list[dict]) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.title = _("Complaint index")
    chart.legend = None
    last = len(rows) + 1
    index_column = REPORT_COLUMNS.index("index") + 1
    chart.add_data(
        Reference(data, min_col=index_column, min_row=1, max_row=last), titles_from_data=True
    )
    chart.set_categories(
        Reference(data, min_col=REPORT_COLUMNS.index("institution") + 1, min_row=2, max_row=last)
    )
    series = chart.series[0]
    for number, row in enumerate(rows):
        point = DataPoint(idx=number)
        point.graphicalProperties.solidFill = BAR_COLOURS[row["zone"]].lstrip("#")
        series.dPt.append(point)
    # The highest index first, as in the table; recent Excel hides axes not marked as shown.
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.title = _("Index")
    chart.width = 18
    chart.height = max(7.5, 2.5 + 0.6 * len(rows))
    return chart


def _summary_sheet(sheet: Worksheet, publication: Publication, rows: list[dict]) -> None:
    about = methodology(publication.kind)
    counts = zone_counts(row["zone"] for row in rows)
    labels = zone_labels()
    title, strong, plain = Font(bold=True, size=14), Font(bold=True), None
    lines: list[tuple[tuple[object, ...], Font | None]] = [
        ((publication_title(publication),), title),
        ((revision_text(publication),), plain),
        ((zone_counts_text(counts),), strong),
        *(((labels[zone], counts[zone]), plain) for zone in ORDER),
        ((rule_text(publication),), plain),
        ((not_listed_text(publication),), plain),
        ((), plain),
        ((_("Chance or signal: the funnel plot"),), strong),
        *(
            ((line,), plain)
            for line in funnel_summary(rows=rows, not_listed=len(publication.not_listed_expected))
        ),
        ((), plain),
        ((about.heading,), strong),
        ((about.formula,), plain),
        *(((point,), plain) for point in about.points),
        ((about.disclaimer,), strong),
    ]
    for number, (values, font) in enumerate(lines, start=1):
        sheet.append([safe_cell(value) for value in values])
        cell = sheet.cell(row=number, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = font
    sheet.column_dimensions["A"].width = 80
    sheet.column_dimensions["B"].width = 8


def zone_report_xlsx(*, publication: Publication) -> bytes:
    """The zone report as a workbook: the table as data (numbers as numbers), then a summary
    with the zone counts, the methodology and a chart of the indices."""
    rows = publication_rows(publication=publication)
    workbook = Workbook()
    data = workbook.active
    data.title = f"{publication.month:%Y-%m}"
    _data_sheet(data, publication, rows)
    summary = workbook.create_sheet(_sheet_title(_("Summary")))
    _summary_sheet(summary, publication, rows)
    if rows:
        summary.add_chart(_index_chart(data, rows), "D1")
    return workbook_bytes(workbook)


def _sheet_title(value: str) -> str:
    """Excel refuses these characters and more than 31 of any in a sheet's name."""
    return "".join(" " if c in "[]:*?/\\" else c for c in value)[:31]


def zone_report(*, publication: Publication, language: str, fmt: str) -> bytes:
    """The zone report as PDF or Excel in ``language``, made once per language and format: a
    publication never changes, and only a newer publication (a revision of the month before)
    can change a column, so the newest publication's id is in the key."""
    newest = Publication.objects.order_by("-pk").values_list("pk", flat=True).first()
    key = f"zone-report:{publication.pk}:{newest}:{language}:{fmt}"
    content = cache.get(key)
    if content is None:
        with translation.override(language):
            build = zone_report_pdf if fmt == "pdf" else zone_report_xlsx
            content = build(publication=publication)
        cache.set(key, content, timeout=None)
    return content
