"""Reading the tables users send: CSV (comma or semicolon, UTF-8 with or without BOM,
Windows-1254 or Windows-1251) and Excel .xlsx, as a DataFrame of plain strings.

The frame's index is each row's number as a spreadsheet shows it (the header is row 1),
so that errors can name the row; rows with every cell empty are dropped.
"""

import codecs
import csv
import datetime
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import openpyxl
import pandas as pd
from django.utils.translation import gettext as _

HEADER_ROW = 1
_WORD = re.compile(r"[^\W\d_]+")
ECHO_CHARACTERS = 60
ECHO_ITEMS = 10
ACCEPTED_ENCODINGS = "UTF-8, Windows-1254, Windows-1251"
# Longest first: UTF-32's little-endian mark begins with UTF-16's.
_WIDE_MARKS = [
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
]


class TableError(ValueError):
    """The file as a whole cannot be read (not a single bad row)."""


@dataclass(frozen=True)
class RowError:
    """A problem with one row; ``row`` is the line number as a spreadsheet shows it (header = 1)."""

    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportRejected(Exception):
    """The file was not imported; nothing of it was saved."""

    def __init__(self, errors: list[RowError], *, total: int | None = None) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors
        self.total = max(total or 0, len(errors))


def echo(value: object) -> str:
    """A value from the file as an error message repeats it: ECHO_CHARACTERS at most."""
    text = str(value)
    return text if len(text) <= ECHO_CHARACTERS else text[: ECHO_CHARACTERS - 1] + "…"


def echo_list(values: list[str]) -> str:
    """Values from the file as a message lists them: the first ECHO_ITEMS, each shortened."""
    shown = ", ".join(echo(value) for value in values[:ECHO_ITEMS])
    return shown + ", …" if len(values) > ECHO_ITEMS else shown


def check_columns(columns: list[str], *, required: list[str], optional: list[str]) -> None:
    """Refuse a header with a required column missing or a column nobody knows."""
    missing = [c for c in required if c not in columns]
    unknown = [c for c in columns if c not in required + optional]
    errors = []
    if missing:
        errors.append(
            RowError(
                HEADER_ROW, _("missing column(s): %(columns)s") % {"columns": echo_list(missing)}
            )
        )
    if unknown:
        errors.append(
            RowError(
                HEADER_ROW, _("unknown column(s): %(columns)s") % {"columns": echo_list(unknown)}
            )
        )
    if errors:
        raise ImportRejected(errors)


def _refuse_wide_encodings(data: bytes) -> None:
    """UTF-16 and UTF-32 text (by its byte order mark, or NUL bytes in the header line) is
    named as such, not read as a header of unknown columns."""
    found = next((name for mark, name in _WIDE_MARKS if data.startswith(mark)), None)
    header = data.split(b"\n", 1)[0]
    if found is None and b"\x00" in header:
        # Without a mark: Latin letters take one NUL byte each in UTF-16, three in UTF-32.
        found = "UTF-32" if b"\x00\x00\x00" in header else "UTF-16"
    if found:
        raise TableError(
            _(
                "The file is saved as %(encoding)s, which is not accepted (%(accepted)s are). "
                "Save it as CSV UTF-8 and try again."
            )
            % {"encoding": found, "accepted": ACCEPTED_ENCODINGS}
        )


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text table; returns the text and the encoding recognised."""
    _refuse_wide_encodings(data)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Both code pages decode (nearly) any byte, so judge by the words: Cyrillic text
    # (cp1251) has words made wholly of non-ASCII letters, Azerbaijani or Turkish text
    # (cp1254) has non-ASCII letters inside otherwise Latin words. Two-letter words say
    # little either way ("İŞ" reads as two Cyrillic letters); a tie goes to cp1254.
    as_cyrillic = data.decode("cp1251", errors="replace")
    mixed = pure = 0
    for word in _WORD.findall(as_cyrillic):
        if word.isascii():
            continue
        if any(ch.isascii() for ch in word):
            mixed += 1
        elif len(word) > 2:
            pure += 1
    if pure > mixed:
        return as_cyrillic, "cp1251"
    try:
        return data.decode("cp1254"), "cp1254"
    except UnicodeDecodeError as exc:
        raise TableError(
            _("The file's encoding was not recognised. Save it as CSV UTF-8 and try again.")
        ) from exc


def sniff_delimiter(header_line: str) -> str:
    """The header's separator: Excel writes semicolons where the comma is the decimal mark."""
    try:
        # A header is short; a file of one endless line must not make the sniffer crawl.
        return csv.Sniffer().sniff(header_line[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _excel_cell(value: object) -> str:
    """An Excel cell as the text a CSV would hold: dates as ISO, whole numbers without .0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _refuse_extra_cells(frame: pd.DataFrame) -> None:
    # pandas takes the extra first cells as an index instead of refusing the file.
    if not isinstance(frame.index, pd.RangeIndex):
        raise TableError(
            _(
                "Some rows have more cells than the header has columns: is there a "
                "separator inside a value? Put such values in quotes."
            )
        )


def _refuse_nul_characters(frame: pd.DataFrame) -> None:
    # No database text column can hold one (PostgreSQL refuses it), and no person typed it.
    nul = frame.apply(lambda column: column.str.contains("\x00", regex=False))
    if nul.to_numpy().any():
        raise ImportRejected(
            [
                RowError(
                    int(row),
                    _("the cell in column %(column)s holds a NUL character")
                    % {"column": echo(nul.columns[cells.argmax()])},
                )
                for row, cells in zip(frame.index, nul.to_numpy(), strict=True)
                if cells.any()
            ]
        )


def _tidy(frame: pd.DataFrame, first_row: int) -> pd.DataFrame:
    """Lower-case headers, stripped text cells, spreadsheet row numbers, no empty rows."""
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    frame = frame.apply(lambda column: column.astype(str).str.strip())
    frame.index = pd.RangeIndex(first_row, first_row + len(frame))
    _refuse_nul_characters(frame)
    return frame[(frame != "").any(axis=1)]


def _excel_unreadable() -> TableError:
    # The library's own message may name the server's files: it is never shown.
    return TableError(
        _(
            "The Excel file cannot be read: it is damaged, protected by a password or not an "
            ".xlsx workbook. Save it again as .xlsx (or as CSV UTF-8) and try again."
        )
    )


def read_table(source: BinaryIO | Path | str, *, filename: str | None = None) -> pd.DataFrame:
    """Read a CSV or .xlsx file into a DataFrame whose cells are stripped strings.

    Column names are lower-cased; empty cells are empty strings, never NaN.
    """
    name = filename or str(getattr(source, "name", source))
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    if not data.strip():
        raise TableError(_("The file is empty."))

    if name.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        try:
            frame = pd.read_excel(io.BytesIO(data), dtype=object)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise _excel_unreadable() from exc
        frame = frame.map(_excel_cell)
    else:
        text, _encoding = decode_text(data)
        if not text.strip():
            raise TableError(_("The file is empty."))
        first_line = text.split("\n", 1)[0]
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=sniff_delimiter(first_line),
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise TableError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
        _refuse_extra_cells(frame)

    return _tidy(frame, HEADER_ROW + 1)


_SPACES = re.compile(r"[\s\u00a0\u202f']")
# Two or more groups of three after the first: thousands separators, never a decimal mark.
_GROUPED = re.compile(r"\d{1,3}([.,]\d{3}){2,}")


def normalise_number(text: str) -> str:
    """'1 250 000,50' or '1.250.000,50' or '1,250,000.50' → '1250000.50'; other text as it is."""
    value = _SPACES.sub("", text)
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        value = value.replace(thousands, "").replace(decimal_mark, ".")
    elif _GROUPED.fullmatch(value):
        value = value.replace(",", "").replace(".", "")
    elif value.count(",") == 1:
        value = value.replace(",", ".")
    return value


_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def normalise_date(text: str) -> str:
    """'30.09.2026' or '30/09/2026' → '2026-09-30'; ISO dates and other text as they are."""
    match = _DOTTED_DATE.match(text.strip())
    if not match:
        return text.strip()
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


SAMPLE_BYTES = 1 << 20


def _iter_workbook(path: Path, chunk_rows: int):
    """The first sheet of a workbook, read row by row (openpyxl's read-only mode)."""
    handle = path.open("rb")  # a handle, so that openpyxl does not judge the file by its name
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        handle.close()
        raise _excel_unreadable() from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(cell if cell is not None else "") for cell in next(rows, ())]
        if not any(header):
            raise TableError(_("The file is empty."))
        first_row, batch = HEADER_ROW + 1, []
        for values in rows:
            batch.append([_excel_cell(value) for value in values[: len(header)]])
            if len(batch) == chunk_rows:
                yield _tidy(pd.DataFrame(batch, columns=header), first_row)
                first_row, batch = first_row + len(batch), []
        if batch:
            yield _tidy(pd.DataFrame(batch, columns=header), first_row)
    finally:
        workbook.close()
        handle.close()


def iter_table(path: Path, *, chunk_rows: int = 100_000):
    """Read a large CSV or .xlsx file in chunks of ``chunk_rows`` rows, each a DataFrame as
    ``read_table`` gives (row numbers as the index), so memory stays bounded for CSV."""
    path = Path(path)
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if not sample.strip():
        raise TableError(_("The file is empty."))
    if path.suffix.lower() == ".xlsx" or sample.startswith(b"PK\x03\x04"):
        yield from _iter_workbook(path, chunk_rows)
        return
    cut = sample.rfind(b"\n") if len(sample) == SAMPLE_BYTES else len(sample)
    text, encoding = decode_text(sample[: cut if cut > 0 else len(sample)])
    if not text.strip():
        raise TableError(_("The file is empty."))
    separator = sniff_delimiter(text.split("\n", 1)[0])
    try:
        reader = pd.read_csv(
            path,
            encoding="utf-8-sig" if encoding.startswith("utf-8") else encoding,
            sep=separator,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            chunksize=chunk_rows,
        )
        first_row = HEADER_ROW + 1
        for chunk in reader:
            _refuse_extra_cells(chunk)
            yield _tidy(chunk, first_row)
            first_row += len(chunk)
    except pd.errors.EmptyDataError as exc:
        raise TableError(_("The file is empty.")) from exc
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise TableError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
