import io

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
