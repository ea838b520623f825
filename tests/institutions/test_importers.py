import io

import pandas as pd
import pytest

from institutions.importers import ImportRejected, institutions_import
from institutions.models import Institution
from tests.factories import InstitutionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "code,kind,name_az,name_en,name_ru"
ROWS = [
    "sirvan-bank,bank,Şirvan Bank ASC,Shirvan Bank,ОАО Ширван Банк",
    "cicek-mfi,nbco,Çiçək Kənd Krediti BOKT,Chichek Rural Credit,НБКО Чичек",
    "gence-cu,credit_union,Gəncə Kredit İttifaqı,Ganja Credit Union,Кредитный союз Гянджа",
]


def csv_bytes(lines, *, sep=",", encoding="utf-8") -> io.BytesIO:
    text = "\r\n".join(line.replace(",", sep) for line in lines) + "\r\n"
    return io.BytesIO(text.encode(encoding))


def import_lines(lines, **kwargs):
    return institutions_import(source=csv_bytes(lines, **kwargs), filename="institutions.csv")


def test_comma_separated_utf8_file_is_imported():
    summary = import_lines([HEADER, *ROWS])
    assert (summary.created, summary.updated) == (3, 0)
    bank = Institution.objects.get(code="sirvan-bank")
    assert (bank.kind, bank.name_az, bank.name_ru) == ("bank", "Şirvan Bank ASC", "ОАО Ширван Банк")


def test_semicolon_file_with_bom_from_excel_is_imported():
    import_lines([HEADER, *ROWS], sep=";", encoding="utf-8-sig")
    assert Institution.objects.get(code="cicek-mfi").name_az == "Çiçək Kənd Krediti BOKT"


def test_windows_1254_file_keeps_turkish_letters():
    # Windows-1254 has no ə; Azerbaijani files in it use the letters it has.
    lines = [HEADER, "sirvan-bank,bank,Şirvan Bankı ğüöçı,Shirvan Bank,Shirvan"]
    import_lines(lines, sep=";", encoding="cp1254")
    assert Institution.objects.get(code="sirvan-bank").name_az == "Şirvan Bankı ğüöçı"


def test_windows_1251_file_keeps_cyrillic_letters():
    lines = [HEADER, "sirvan-bank,bank,Sirvan Bank,Shirvan Bank,ОАО Ширван Банк"]
    import_lines(lines, sep=";", encoding="cp1251")
    assert Institution.objects.get(code="sirvan-bank").name_ru == "ОАО Ширван Банк"


def test_excel_file_is_imported():
    frame = pd.DataFrame([row.split(",") for row in ROWS], columns=HEADER.split(","))
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    buffer.seek(0)
    summary = institutions_import(source=buffer, filename="institutions.xlsx")
    assert summary.created == 3
    assert Institution.objects.get(code="gence-cu").name_az == "Gəncə Kredit İttifaqı"


def test_reimport_updates_and_never_duplicates():
    import_lines([HEADER, *ROWS])
    summary = import_lines([HEADER, "sirvan-bank,bank,Şirvan Bank (yeni ad),Shirvan Bank,Ширван"])
    assert (summary.created, summary.updated) == (0, 1)
    assert Institution.objects.count() == 3
    assert Institution.objects.get(code="sirvan-bank").name_az == "Şirvan Bank (yeni ad)"


def test_optional_profile_columns_are_imported_and_checked():
    header = HEADER + ",active_clients,figures_as_of"
    import_lines([header, ROWS[0] + ",41000,2026-09-30"])
    assert Institution.objects.get(code="sirvan-bank").active_clients == 41000


def test_bad_rows_are_named_and_nothing_is_saved():
    InstitutionFactory(code="kept", name_az="Köhnə ad")
    lines = [
        HEADER,
        ROWS[0],
        "bad code!,bank,Bad Bank,Bad,Bad",
        "other-bank,bankk,Other Bank,Other,Other",
        "nameless,nbco,,Nameless,Nameless",
        ROWS[1],
        "kept,bank,Yeni ad,New,New",
        "sirvan-bank,bank,Dup,Dup,Dup",
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_lines(lines)
    errors = {error.row: error.message for error in rejected.value.errors}
    assert set(errors) == {3, 4, 5, 8}
    assert "code" in errors[3]
    assert "kind" in errors[4] and "bankk" in errors[4]
    assert "name_az" in errors[5]
    assert "row 2" in errors[8]
    assert str(rejected.value.errors[0]).startswith("Row 3:")
    assert list(Institution.objects.values_list("code", "name_az")) == [("kept", "Köhnə ad")]


def test_a_missing_column_is_named():
    with pytest.raises(ImportRejected) as rejected:
        import_lines(["code,kind,name_az", "x,bank,X"])
    (error,) = rejected.value.errors
    assert error.row == 1
    assert "name_en" in error.message and "name_ru" in error.message
    assert not Institution.objects.exists()


def test_a_bad_date_in_an_optional_column_is_named():
    header = HEADER + ",active_clients,figures_as_of"
    with pytest.raises(ImportRejected) as rejected:
        import_lines([header, ROWS[0] + ",41000,31/31/2026"])
    assert rejected.value.errors[0].row == 2
    assert "figures_as_of" in rejected.value.errors[0].message


def test_an_empty_file_is_refused():
    with pytest.raises(ImportRejected):
        institutions_import(source=io.BytesIO(b""), filename="empty.csv")


def test_excel_cells_holding_real_numbers_and_dates_are_read():
    import datetime

    frame = pd.DataFrame(
        [
            [
                "sirvan-bank",
                "bank",
                "Şirvan Bank",
                "Shirvan",
                "Ширван",
                41000,
                1250000.5,
                datetime.datetime(2026, 9, 30),
            ]
        ],
        columns=HEADER.split(",") + ["active_clients", "gross_loan_portfolio", "figures_as_of"],
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    buffer.seek(0)
    institutions_import(source=buffer, filename="institutions.xlsx")
    bank = Institution.objects.get(code="sirvan-bank")
    assert bank.active_clients == 41000
    assert str(bank.gross_loan_portfolio) == "1250000.50"
    assert bank.figures_as_of.isoformat() == "2026-09-30"


def test_blank_rows_are_skipped_and_rows_keep_their_numbers():
    with pytest.raises(ImportRejected) as rejected:
        import_lines([HEADER, ROWS[0], "", ",,,,", "bad,bankk,B,B,B"])
    assert [error.row for error in rejected.value.errors] == [5]


def test_numbers_and_dates_as_people_write_them():
    text = (
        "code;kind;name_az;name_en;name_ru;active_clients;gross_loan_portfolio;figures_as_of\n"
        "sirvan-bank;bank;Şirvan Bank;Shirvan;Ширван;41 000;1 250 000,50;30.09.2026\n"
    )
    institutions_import(source=io.BytesIO(text.encode("utf-8-sig")), filename="x.csv")
    bank = Institution.objects.get(code="sirvan-bank")
    assert bank.active_clients == 41000
    assert str(bank.gross_loan_portfolio) == "1250000.50"
    assert bank.figures_as_of.isoformat() == "2026-09-30"


def test_codes_and_kinds_are_case_insensitive():
    import_lines([HEADER, "Sirvan-Bank,Bank,Şirvan Bank,Shirvan,Ширван"])
    import_lines([HEADER, "SIRVAN-BANK,BANK,Şirvan Bank ASC,Shirvan,Ширван"])
    assert list(Institution.objects.values_list("code", "kind", "name_az")) == [
        ("sirvan-bank", "bank", "Şirvan Bank ASC")
    ]


def test_an_unknown_column_is_named_rather_than_ignored():
    with pytest.raises(ImportRejected) as rejected:
        import_lines([HEADER + ",licence_numbr", ROWS[0] + ",X-1"])
    (error,) = rejected.value.errors
    assert "licence_numbr" in error.message
    assert not Institution.objects.exists()


def test_a_bad_date_is_reported_once():
    header = HEADER + ",active_clients,figures_as_of"
    with pytest.raises(ImportRejected) as rejected:
        import_lines([header, ROWS[0] + ",41000,31/31/2026"])
    message = rejected.value.errors[0].message
    assert message.count("figures_as_of") == 1
    assert "Give the date" not in message


def test_figures_without_their_date_are_refused_on_the_date_column():
    header = HEADER + ",active_clients"
    with pytest.raises(ImportRejected) as rejected:
        import_lines([header, ROWS[0] + ",41000"])
    assert "Give the date" in rejected.value.errors[0].message


def test_existing_institutions_can_be_left_alone():
    InstitutionFactory(code="sirvan-bank", name_az="Dəyişdirilmiş ad")
    summary = institutions_import(
        source=csv_bytes([HEADER, *ROWS]), filename="x.csv", update_existing=False
    )
    assert (summary.created, summary.updated) == (2, 0)
    assert Institution.objects.get(code="sirvan-bank").name_az == "Dəyişdirilmiş ad"


def test_names_with_invisible_characters_are_refused_and_names_are_kept_in_nfc():
    lines = [
        HEADER,
        "rtl-bank,bank,Şirvan\u202eBank,Shirvan,Ширван",
        "zw-bank,bank,Şirvan Bank,Shir\u200bvan,Ширван",
        "ctl-bank,bank,Şirvan Bank,Shirvan,Шир\u0007ван",
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_lines(lines)
    errors = {error.row: error.message for error in rejected.value.errors}
    assert "name_az" in errors[2] and "U+202E" in errors[2]
    assert "name_en" in errors[3] and "U+200B" in errors[3]
    assert "name_ru" in errors[4] and "U+0007" in errors[4]
    assert not Institution.objects.exists()

    import_lines([HEADER, "nfc-bank,bank,S\u0327irvan Bank,Shirvan,Ширван"])
    assert Institution.objects.get(code="nfc-bank").name_az == "Şirvan Bank"


def test_imported_names_are_found_by_the_folded_search():
    import_lines([HEADER, *ROWS])
    import_lines([HEADER, "gence-cu,credit_union,GƏNCƏ KREDİT İTTİFAQI,Ganja,Гянджа"])
    found = Institution.objects.filter(search_text__contains="gəncə kredit ittifaqı")
    assert [i.code for i in found] == ["gence-cu"]
