"""Reading the tables users send: CSV (comma or semicolon, UTF-8 with or without BOM,
Windows-1254 or Windows-1251) and Excel .xlsx, as a DataFrame of plain strings."""

import csv
import io
import re
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from django.utils.translation import gettext as _

ENCODINGS = ("utf-8", "cp1254", "cp1251")
_WORD = re.compile(r"[^\W\d_]+")


class TableError(ValueError):
    """The file as a whole cannot be read (not a single bad row)."""


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text table; returns the text and the encoding recognised."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Both code pages decode any byte, so judge by the words: Cyrillic text (cp1251) has
    # words made wholly of non-ASCII letters, Azerbaijani or Turkish text (cp1254) has
    # non-ASCII letters inside otherwise Latin words.
    as_cyrillic = data.decode("cp1251", errors="replace")
    mixed = pure = 0
    for word in _WORD.findall(as_cyrillic):
        if word.isascii():
            continue
        if any(ch.isascii() for ch in word):
            mixed += 1
        else:
            pure += 1
    if mixed > pure:
        return data.decode("cp1254", errors="strict"), "cp1254"
    return as_cyrillic, "cp1251"


def sniff_delimiter(header_line: str) -> str:
    """The header's separator: Excel writes semicolons where the comma is the decimal mark."""
    try:
        return csv.Sniffer().sniff(header_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


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
            frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise TableError(
                _("The Excel file cannot be read: %(error)s") % {"error": exc}
            ) from exc
    else:
        text, _encoding = decode_text(data)
        first_line = text.split("\n", 1)[0]
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=sniff_delimiter(first_line),
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=True,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise TableError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc

    frame.columns = [str(column).strip().lower() for column in frame.columns]
    return frame.map(lambda cell: str(cell).strip())
