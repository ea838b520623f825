"""The zone map and the warnings as CSV (headings and zones as codes, for programs) and Excel
(headings and zones in the reader's language)."""

from django.utils.translation import gettext as _

from complaints.zones import zone_label
from smartportal.exports import csv_bytes, xlsx_bytes

from .presentation import warning_rows
from .selectors import ZoneMap

FORMATS = ("csv", "xlsx")
WHAT = ("zone-map", "warnings")


def _zone_map_table(zone_map: ZoneMap, *, words: bool) -> tuple[list[str], list[list]]:
    if words:
        columns = [_("Code"), _("Institution")]
        for month in zone_map.months:
            code = f"{month:%Y-%m}"
            columns += [
                _("%(month)s: zone") % {"month": code},
                _("%(month)s: index") % {"month": code},
            ]
    else:
        columns = ["institution_code", "institution"]
        for month in zone_map.months:
            columns += [f"{month:%Y-%m} zone", f"{month:%Y-%m} index"]
    rows = []
    for line in zone_map.lines:
        row: list = [line.code, line.name]
        for cell in line.cells:
            if cell is None:
                row += ["", ""]
            else:
                row += [zone_label(cell.zone) if words else cell.zone, round(cell.index, 2)]
        rows.append(row)
    return columns, rows


def _warnings_table(zone_map: ZoneMap, *, words: bool) -> tuple[list[str], list[list]]:
    columns = (
        [_("Code"), _("Institution"), _("Month"), _("Zone"), _("Index"), _("Warning"), _("Reason")]
        if words
        else ["institution_code", "institution", "month", "zone", "index", "warning", "reason"]
    )
    month = f"{zone_map.latest_month:%Y-%m}" if zone_map.latest_month else ""
    rows = []
    for found in warning_rows(zone_map):
        latest = found.line.latest
        zone = "" if latest is None else (zone_label(latest.zone) if words else latest.zone)
        index = "" if latest is None else round(latest.index, 2)
        rows.append(
            [found.line.code, found.line.name, month, zone, index, found.warning.code, found.text]
        )
    return columns, rows


TABLES = {"zone-map": _zone_map_table, "warnings": _warnings_table}


def sheet_title(what: str) -> str:
    return _("Zone map") if what == "zone-map" else _("Early warnings")


def export_bytes(*, zone_map: ZoneMap, what: str, fmt: str) -> bytes:
    """``what`` (zone-map or warnings) as ``fmt`` (csv or xlsx)."""
    columns, rows = TABLES[what](zone_map, words=fmt == "xlsx")
    if fmt == "csv":
        return csv_bytes(columns, rows)
    return xlsx_bytes({sheet_title(what): (columns, rows)})


def file_name(*, zone_map: ZoneMap, what: str, fmt: str) -> str:
    month = f"-{zone_map.latest_month:%Y-%m}" if zone_map.latest_month else ""
    return f"supervision-{what}-{zone_map.kind}{month}.{fmt}"
