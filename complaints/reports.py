"""The monthly zone report that regulators hand on (PDF and Excel) for one publication, and
the texts every published table carries: the public page and the reports take them from
here, so they never say different things.

Every function reads the active language: callers wrap them in ``translation.override``.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.pdfbase.pdfmetrics import stringWidth

from institutions.models import Kind
from smartportal import pdf
from smartportal.exports import safe_cell, workbook_bytes
from smartportal.templatetags.portal import percent

from . import charts
from .index import Zone
from .models import PeriodType, Publication
from .selectors import INDEX_COLUMNS, add_months
from .zones import BAND_COLOURS, BAR_COLOURS, ORDER, zone_counts, zone_labels

REPORT_COLUMNS = [*INDEX_COLUMNS, "change_from_previous_month"]
XLSX_FORMATS = {
    "complaint_share": "0.00%",
    "clients": "#,##0",
    "client_share": "0.00%",
    "index": "0.00",
    "change_from_previous_month": "+0.00;-0.00;0.00",
}
# Widths in the PDF's table, in points: a cell has 6 points of padding on either side.
MIN_FIGURE_WIDTH = 24
CELL_PADDING = 12.5


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
        ),
        disclaimer=_("The index is not a rating of an institution's financial soundness."),
    )


def publication_rows(*, publication: Publication) -> list[dict]:
    """The published rows, highest index first, each with its change from the latest revision
    of the previous month's table of the same kind and period (None when not listed there)."""
    previous = Publication.objects.latest_revision(
        month=add_months(publication.month, -1),
        kind=publication.kind,
        period_type=publication.period_type,
    )
    before = dict(previous.rows.values_list("institution_id", "index")) if previous else {}
    return [
        {
            "institution": row,
            "complaints": row.complaints,
            "complaint_share": row.complaint_share,
            "clients": row.clients,
            "client_share": row.client_share,
            "index": row.index,
            "zone": row.zone,
            "change": row.index - before[row.institution_id]
            if row.institution_id in before
            else None,
        }
        for row in publication.rows.all()
    ]


def zone_counts_text(counts: Mapping[str, int]) -> str:
    """ "3 red, 6 yellow, 8 green"."""
    return _("%(red)s red, %(yellow)s yellow, %(green)s green") % {
        "red": counts[Zone.RED],
        "yellow": counts[Zone.YELLOW],
        "green": counts[Zone.GREEN],
    }


def publication_title(publication: Publication) -> str:
    title = _("Complaint index, %(kind)s: %(month)s") % {
        "kind": Kind(publication.kind).label,
        "month": f"{publication.month:%Y-%m}",
    }
    if publication.period_type != PeriodType.MONTH:
        title += f" ({PeriodType(publication.period_type).label})"
    return title


def revision_text(publication: Publication) -> str:
    return _("Revision %(revision)s, published %(date)s.") % {
        "revision": publication.revision,
        "date": formats.date_format(
            timezone.localtime(publication.published_at), "SHORT_DATE_FORMAT"
        ),
    }


def rule_text(publication: Publication) -> str:
    if publication.method == "band":
        return _(
            "Green below %(lower)s, red above %(upper)s (times the reference), yellow between."
        ) % {"lower": floatformat(publication.lower, 2), "upper": floatformat(publication.upper, 2)}
    return _(
        "Red or green only where complaints differ from the expected number beyond "
        "%(confidence)s confidence; yellow otherwise."
    ) % {"confidence": floatformat(publication.confidence, 2)}


def not_listed_text(publication: Publication) -> str:
    return ngettext(
        "%(counter)s institution received no complaint in the month and is not listed.",
        "%(counter)s institutions received no complaint in the month and are not listed.",
        publication.not_listed,
    ) % {"counter": publication.not_listed}


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
    if publication.method == "band":
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


def _table_header() -> list[str]:
    return [
        _("Institution"),
        _("Complaints"),
        _("Complaint share"),
        _("Clients"),
        _("Client share"),
        _("Index"),
        _("Change from the previous month"),
        _("Zone"),
    ]


def _column_widths(header: list[str], cells: list[list[str | None]]) -> list[float]:
    """Fractions of the page width: each figure column as wide as its longest heading word or
    value (so that none is split mid-word); the rest to the institution."""
    head, number = pdf.STYLES["head"], pdf.STYLES["number"]
    figures = []
    for column, title in enumerate(header[1:], start=1):
        words = [stringWidth(word, head.fontName, head.fontSize) for word in title.split()]
        values = [stringWidth(row[column] or "", number.fontName, number.fontSize) for row in cells]
        figures.append(max(MIN_FIGURE_WIDTH, *words, *values) + CELL_PADDING)
    return [1 - sum(figures) / pdf.PAGE_WIDTH, *(width / pdf.PAGE_WIDTH for width in figures)]


def zone_report_pdf(*, publication: Publication) -> bytes:
    """The zone report as A4 PDF: title, zone counts, the table, a chart and the methodology."""
    rows = publication_rows(publication=publication)
    labels = zone_labels()
    about = methodology(publication.kind)
    title = publication_title(publication)
    header = _table_header()
    cells = [
        [
            row["institution"].name,
            str(formats.localize(row["complaints"])),
            percent(row["complaint_share"]),
            str(formats.localize(row["clients"])),
            percent(row["client_share"]),
            str(floatformat(row["index"], 2)),
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
        story += [pdf.space(), pdf.figure(zone_figure(publication=publication, rows=rows))]
    story += [
        pdf.heading(about.heading),
        pdf.text(about.formula),
        *(pdf.text(f"• {point}") for point in about.points),
        pdf.text(about.disclaimer, "h3"),
    ]
    return pdf.document(story, title=f"{title}, r{publication.revision}", footer=about.disclaimer)


def index_record(row: dict, month_code: str, *, zone: str) -> list:
    """One published row in the order of INDEX_COLUMNS (the downloads' and reports' columns)."""
    return [
        month_code,
        row["institution"].institution_code,
        row["institution"].name,
        row["complaints"],
        row["complaint_share"],
        row["clients"],
        row["client_share"],
        row["index"],
        zone,
    ]


def _data_sheet(sheet: Worksheet, publication: Publication, rows: list[dict]) -> None:
    month_code = f"{publication.month:%Y-%m}"
    labels = zone_labels()
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
            _("Index"),
            _("Zone"),
            _("Change from the previous month"),
        ]
    )
    for row in rows:
        record = index_record(row, month_code, zone=labels[row["zone"]])
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
