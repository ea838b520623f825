import io
import re

import pytest

from smartportal.tabular import (
    TableError,
    decode_text,
    normalise_date,
    normalise_number,
    read_table,
    sniff_delimiter,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("kod;ad\nx;Şəki şəhəri", "utf-8", "utf-8"),
        ("kod;ad\nx;Şəki şəhəri", "utf-8-sig", "utf-8-sig"),
        ("kod;ad\nx;Şirvan bankı, Gəncə yox: ğüşçöıİ", "cp1254-safe", "cp1254"),
        ("код;название\nx;Ширван Банк, кредитный союз", "cp1251", "cp1251"),
    ],
)
def test_decode_text_recognises_the_encodings_users_send(text, encoding, expected):
    if encoding == "cp1254-safe":
        text = text.replace("ə", "e")
        data = text.encode("cp1254")
    else:
        data = text.encode(encoding)
    decoded, found = decode_text(data)
    assert found == expected
    assert decoded == text


@pytest.mark.parametrize(
    ("line", "delimiter"), [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ("single", ",")]
)
def test_sniff_delimiter(line, delimiter):
    assert sniff_delimiter(line) == delimiter


def test_read_table_gives_stripped_strings_and_lower_case_headers():
    frame = read_table(io.BytesIO(b"Code ; Count\n x ; 007\n;\n y;\n"), filename="t.csv")
    assert list(frame.columns) == ["code", "count"]
    assert frame.loc[2].tolist() == ["x", "007"]
    assert frame.loc[4].tolist() == ["y", ""]
    assert list(frame.index) == [2, 4]


def test_upper_case_azerbaijani_in_windows_1254_is_not_taken_for_cyrillic():
    text = "kod;ad\nx;ÖZ İŞ\ny;ŞİRVAN"
    decoded, encoding = decode_text(text.encode("cp1254"))
    assert (decoded, encoding) == (text, "cp1254")


def test_bytes_that_no_encoding_explains_give_a_clear_error():
    with pytest.raises(TableError, match="UTF-8"):
        decode_text(b"kod;ad\nx;\x8d\x8e\x8f abc\xfe")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1 250 000,50", "1250000.50"),
        ("1.250.000,50", "1250000.50"),
        ("1,250,000.50", "1250000.50"),
        ("12", "12"),
        ("1,5", "1.5"),
        ("1.234.567", "1234567"),
        ("12\u00a0500", "12500"),
    ],
)
def test_normalise_number(text, number):
    assert normalise_number(text) == number


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("30.09.2026", "2026-09-30"),
        ("1/2/2026", "2026-02-01"),
        ("2026-09-30", "2026-09-30"),
        ("31/31/2026", "2026-31-31"),
    ],
)
def test_normalise_date(text, date):
    assert normalise_date(text) == date


def test_read_table_refuses_a_damaged_workbook():
    with pytest.raises(TableError):
        read_table(io.BytesIO(b"PK\x03\x04 not really a zip"), filename="t.xlsx")


def test_a_row_with_more_cells_than_the_header_is_refused():
    with pytest.raises(TableError, match="more cells"):
        read_table(io.BytesIO(b"a;b\n1;2;3\n"), filename="t.csv")


def test_iter_table_reads_a_workbook_in_chunks_with_row_numbers(tmp_path):
    import datetime

    import openpyxl

    from smartportal.tabular import iter_table

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Code", "Date", "Count"])
    for number in range(5):
        sheet.append([f"x{number}", datetime.datetime(2026, 10, number + 1), 1000.0 + number])
    sheet.append([None, None, None])
    sheet.append(["last", "12.10.2026", 7])
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    chunks = list(iter_table(path, chunk_rows=3))
    assert [list(chunk.index) for chunk in chunks] == [[2, 3, 4], [5, 6], [8]]
    assert chunks[0].loc[2].tolist() == ["x0", "2026-10-01", "1000"]
    assert chunks[2].loc[8].tolist() == ["last", "12.10.2026", "7"]
    assert list(chunks[0].columns) == ["code", "date", "count"]


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n", b"\xef\xbb\xbf\n\n"])
def test_a_file_of_only_a_byte_order_mark_is_empty(content, tmp_path):
    from smartportal.tabular import iter_table

    with pytest.raises(TableError, match="The file is empty"):
        read_table(io.BytesIO(content), filename="t.csv")
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    with pytest.raises(TableError, match="The file is empty"):
        list(iter_table(path))


def test_a_nul_character_in_a_cell_names_its_row_and_column(tmp_path):
    from smartportal.tabular import ImportRejected, iter_table

    content = b"code;name\nx;ok\ny;bad\x00name\nz;\x00\n"
    for read in (
        lambda: read_table(io.BytesIO(content), filename="t.csv"),
        lambda: list(iter_table(_written(tmp_path / "t.csv", content))),
    ):
        with pytest.raises(ImportRejected) as rejected:
            read()
        assert [str(error) for error in rejected.value.errors] == [
            "Row 3: the cell in column name holds a NUL character",
            "Row 4: the cell in column name holds a NUL character",
        ]


def _written(path, content: bytes):
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_utf_16_and_32_are_named_with_the_encodings_accepted(encoding, named, tmp_path):
    from smartportal.tabular import iter_table

    content = "kod;ad\nx;Şəki\n".encode(encoding)
    if encoding == "utf-16-be":
        content = b"\xfe\xff" + content  # with its byte order mark, as Windows writes it
    message = re.escape(f"The file is saved as {named}, which is not accepted (UTF-8, Windows-1254")
    with pytest.raises(TableError, match=message):
        read_table(io.BytesIO(content), filename="t.csv")
    with pytest.raises(TableError, match=message):
        list(iter_table(_written(tmp_path / "t.csv", content)))


def test_a_damaged_workbook_is_refused_without_naming_a_path(tmp_path):
    from smartportal.tabular import iter_table

    path = _written(tmp_path / "secret-folder-name.xlsx", b"PK\x03\x04 not really a zip")
    for read in (lambda: read_table(path), lambda: list(iter_table(path))):
        with pytest.raises(TableError) as refused:
            read()
        assert "The Excel file cannot be read: it is damaged" in str(refused.value)
        assert "secret-folder-name" not in str(refused.value)
        assert str(tmp_path) not in str(refused.value)


def test_a_workbook_under_a_csv_name_is_read_as_a_workbook(tmp_path):
    import openpyxl

    from smartportal.tabular import iter_table

    workbook = openpyxl.Workbook()
    workbook.active.append(["Code", "Count"])
    workbook.active.append(["x", 3])
    workbook.save(tmp_path / "t.xlsx")
    path = _written(tmp_path / "t.csv", (tmp_path / "t.xlsx").read_bytes())
    assert next(iter_table(path)).loc[2].tolist() == ["x", "3"]


def test_an_error_echoes_sixty_characters_of_a_value_and_ten_values_at_most():
    from smartportal.tabular import ImportRejected, check_columns

    endless = "x" * 1_000_000
    with pytest.raises(ImportRejected) as rejected:
        check_columns([endless, *(f"c{n}" for n in range(20))], required=["code"], optional=[])
    unknown = str(rejected.value.errors[1])
    assert (
        unknown
        == "Row 1: unknown column(s): "
        + "x" * 59
        + "…, "
        + ", ".join(f"c{n}" for n in range(9))
        + ", …"
    )
