"""Files people open in Excel: a text cell from user data never runs as a formula.

CSV has no cell types, so text that Excel would read as a formula gets a leading apostrophe.
In .xlsx files the text stays exactly as typed: ``workbook_bytes`` stores every such cell as
text with Excel's "quote prefix" (shown as typed, never evaluated, also after editing).
"""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What the report downloads come as.
CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """Text that Excel would read as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_cell(value: object) -> object:
    """A value for an .xlsx cell: control characters that the format cannot hold (a vertical
    tab pasted from Word, say) are dropped; formulas are handled by ``workbook_bytes``."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def protect_formulas(workbook: Workbook) -> None:
    """Every text cell that Excel would take for a formula is stored as text, quote-prefixed.
    The portal writes no formulas of its own, so every one of them came from data."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, so that Excel shows ə, ş and Cyrillic letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (columns, rows) in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        sheet.append(list(columns))
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
    return workbook_bytes(workbook)


def sheet_table(
    sheet,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    widths: Sequence[int] = (),
    number_format: str = "0.0",
    start_row: int = 1,
) -> tuple[int, int]:
    """Write a header in bold and the rows below it (text made formula-safe, numbers kept as
    numbers shown with ``number_format``); returns the first and last row written."""
    first = start_row
    for column, title in enumerate(header, start=1):
        cell = sheet.cell(row=first, column=column, value=title)
        cell.font = Font(bold=True)
    row_number = first
    for row_number, row in enumerate(rows, start=first + 1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=safe_cell(value))
            if isinstance(value, float):
                cell.number_format = number_format
            elif isinstance(value, str) and len(value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    return first, row_number


def workbook_bytes(workbook: Workbook) -> bytes:
    protect_formulas(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
