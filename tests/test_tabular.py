import io

import pytest

from smartportal.tabular import TableError, decode_text, read_table, sniff_delimiter


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
    frame = read_table(io.BytesIO(b"Code ; Count\n x ; 007\n;\n"), filename="t.csv")
    assert list(frame.columns) == ["code", "count"]
    assert frame.iloc[0].tolist() == ["x", "007"]
    assert frame.iloc[1].tolist() == ["", ""]


def test_read_table_refuses_a_damaged_workbook():
    with pytest.raises(TableError):
        read_table(io.BytesIO(b"PK\x03\x04 not really a zip"), filename="t.xlsx")
