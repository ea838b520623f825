"""The reports' PDF building blocks: a long text in a table is laid out in rows of a bounded
size, so that the time to render grows with the text, not with its square."""

import io

from pypdf import PdfReader

from smartportal import pdf

TEN_THOUSAND_LINES = "\n".join(f"line {number}" for number in range(10_000))


def cell_texts(table) -> list[list[str]]:
    """Each row's cells as the paragraphs hold them (line breaks as ``<br/>``)."""
    return [[cell.text for cell in row] for row in table._cellvalues]


def test_a_short_text_is_one_piece():
    assert pdf.pieces("Siyasət sənədi, bölmə 2") == ["Siyasət sənədi, bölmə 2"]
    assert pdf.pieces("") == [""]


def test_a_text_of_many_lines_is_cut_into_pieces_of_bounded_size_at_line_ends():
    lines = [f"sətir {number}" for number in range(120)]
    found = pdf.pieces("\n".join(lines))
    assert len(found) > 1
    assert all(len(piece.split("\n")) <= pdf.PIECE_LINES for piece in found)
    assert all(len(piece) <= pdf.PIECE_CHARS for piece in found)
    assert "\n".join(found).split("\n") == lines


def test_a_long_line_is_cut_at_a_space_and_a_long_word_where_it_must_be():
    words = " ".join(["sübut"] * 1000)
    found = pdf.pieces(words)
    assert all(len(piece) <= pdf.PIECE_CHARS for piece in found)
    assert " ".join(found).split() == words.split()
    word = "x" * (2 * pdf.PIECE_CHARS + 10)
    assert [len(piece) for piece in pdf.pieces(word)] == [pdf.PIECE_CHARS, pdf.PIECE_CHARS, 10]


def test_runs_of_blank_lines_print_as_one():
    assert pdf.pieces("a\n\n\n\n\nb\r\n\r\n\r\nc\n\nd") == ["a\n\nb\n\nc\n\nd"]
    assert pdf.pieces("\n" * 5000) == ["\n\n"]


def test_a_text_of_very_many_lines_runs_on_with_its_breaks_shown():
    found = pdf.pieces(TEN_THOUSAND_LINES)
    joined = " ".join(found)
    assert joined.count(pdf.LINE_BREAK_SIGN.strip()) == 9_999
    assert "line 0" in found[0] and "line 9999" in found[-1]
    assert all("\n" not in piece and len(piece) <= pdf.PIECE_CHARS for piece in found)


def test_a_table_row_with_a_long_text_becomes_rows_of_bounded_size():
    table = pdf.table(
        ["Indicator", "Answer", "Evidence and comment", "Reviewer's note"],
        [["1.1 Siyasət", "Meets", TEN_THOUSAND_LINES, "Qısa qeyd"], ["1.2", "Partially", "", ""]],
        [0.4, 0.14, 0.26, 0.2],
    )
    rows = cell_texts(table)
    comment_rows = len(pdf.pieces(TEN_THOUSAND_LINES))
    assert len(rows) == 1 + comment_rows + 1
    assert rows[1][:2] == ["1.1 Siyasət", "Meets"] and rows[1][3] == "Qısa qeyd"
    assert all(row[0] == row[1] == row[3] == "" for row in rows[2 : 1 + comment_rows])
    assert rows[-1][:2] == ["1.2", "Partially"]
    assert max(len(row[2]) for row in rows) < 2 * pdf.PIECE_CHARS


def test_a_long_row_is_drawn_as_one_row_and_its_fill_covers_all_its_pieces():
    long_text = "\n".join(f"sətir {number}" for number in range(3 * pdf.PIECE_LINES))
    table = pdf.table(
        ["Institution", "Zone"],
        [["A", "green"], ["B " + long_text, "red"], ["C", "yellow"]],
        [0.7, 0.3],
        fills=[(0, "#d1e7dd"), (1, "#f8d7da"), (2, "#fff3cd")],
    )
    commands = table._bkgrndcmds
    assert ("BACKGROUND", (-1, 2), (-1, 4)) in [command[:3] for command in commands]
    assert ("BACKGROUND", (-1, 5), (-1, 5)) in [command[:3] for command in commands]
    last_row = len(table._cellvalues) - 1
    lines_below = [
        (first, last_row if last == -1 else last)
        for op, (_c0, first), (_c1, last), *_rest in table._linecmds
        if op == "LINEBELOW" and isinstance(first, int)
    ]
    # No line between the pieces of B (rows 2 to 4), one below each row a reader sees.
    drawn = {row for first, last in lines_below for row in range(first, last + 1)}
    assert drawn == {0, 1, 4, 5}


def test_the_document_keeps_every_line_of_a_long_text():
    story = [
        pdf.table(
            ["Indicator", "Evidence and comment"],
            [["1.1", "\n".join(f"sətir-{number}" for number in range(150))]],
            [0.3, 0.7],
        )
    ]
    reader = PdfReader(io.BytesIO(pdf.document(story, title="t", footer="f")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert all(f"sətir-{number}" in text for number in (0, 74, 75, 149))
    assert len(reader.pages) >= 2
