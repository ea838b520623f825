"""Filling in an assessment offline: its questionnaire as an Excel workbook, and that workbook
read back with every cell checked, so that a file with any error saves nothing.

The workbook has a guide sheet, one sheet per principle (``P1``, ``P2``, ...) with the columns
below, and a very hidden, protected sheet that names the assessment and the questionnaire,
holds the drop-down lists and each answer's version when the file was made.
"""

import datetime
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from smartportal.exports import safe_cell, workbook_bytes
from smartportal.i18n import CONTENT_LANGUAGES, localized

from .models import Answer, Assessment, Indicator, Principle, Response
from .services import ImportRow

FORMAT = "smartportal-offline-1"
MARKER_SHEET = "smartportal"
MAX_WORKBOOK_BYTES = 2 * 1024 * 1024
# A small zip can unpack to gigabytes; a real questionnaire is far below this.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024

TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
CODE, TEXT, GUIDANCE, ANSWER, COMMENT = "A", "B", "C", "D", "E"
COLUMNS = (CODE, TEXT, GUIDANCE, ANSWER, COMMENT)
WIDTHS = {CODE: 10, TEXT: 60, GUIDANCE: 50, ANSWER: 24, COMMENT: 50}

# The marker sheet: keys and values in A:B, the answer labels in D, versions in F:G and the
# column headings in I (kept as written, so that a file outlives a change of translation).
MARKER_KEYS = ("format", "assessment", "questionnaire", "version", "language")
LIST_COLUMN = "D"
VERSIONS_FIRST_ROW = 2
HEADINGS_COLUMN = "I"
# Named ranges for the drop-downs: every Excel and LibreOffice takes them in a validation.
ANSWERS_NAME = "offline_answers"
ANSWERS_WITHOUT_NA_NAME = "offline_answers_without_na"
# An id or a version in the marker sheet: ASCII digits (str.isdigit() takes "²" too).
DIGITS = re.compile(r"[0-9]{1,18}")


@dataclass(frozen=True)
class CellError:
    """A problem in the file; ``where`` is a sheet and cell ("P2!D5"), a sheet, or empty."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class WorkbookRejected(Exception):
    """The workbook was refused as a whole; nothing of it may be saved."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def sheet_name(principle: Principle) -> str:
    return f"P{principle.number}"


def workbook_filename(*, assessment: Assessment, language: str, with_answers: bool) -> str:
    blank = "" if with_answers else "-blank"
    return f"{assessment.file_stem}-{language}{blank}.xlsx"


def _principles(assessment: Assessment) -> list[Principle]:
    return list(
        Principle.objects.filter(questionnaire_id=assessment.questionnaire_id)
        .order_by("number")
        .prefetch_related(
            Prefetch("indicators", Indicator.objects.order_by("position", "code"), to_attr="rows")
        )
    )


def _answer_labels() -> list[tuple[str, str]]:
    """(value, label) in the active language, 'not applicable' last: the drop-down of an
    indicator without it is the same list one row shorter."""
    choices = [(value, str(label)) for value, label in Response.choices if value != Response.NA]
    return choices + [(Response.NA.value, str(Response.NA.label))]


def _headers() -> list[str]:
    return [_("Code"), _("Indicator"), _("What shows it"), _("Answer"), _("Evidence and comment")]


def workbook_build(
    *, assessment: Assessment, language: str, with_answers: bool, as_submitted: bool = False
) -> bytes:
    """The questionnaire of ``assessment`` in ``language``, blank or with the current answers
    (``as_submitted``: the answers as last submitted, see ``rules.sees_as_submitted``)."""
    if language not in CONTENT_LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    principles = _principles(assessment)
    answers = {answer.indicator_id: answer for answer in assessment.answers.all()}
    if as_submitted:
        for answer in answers.values():
            answer.show_as_submitted()
    as_of = assessment.submitted_at if as_submitted else timezone.now()
    with translation.override(language):
        labels = _answer_labels()
        workbook = Workbook()
        _write_guide(workbook.active, assessment, principles, labels, language, with_answers, as_of)
        marker = workbook.create_sheet(MARKER_SHEET)
        _write_marker(marker, assessment, principles, answers, labels, language)
        lists = f"'{MARKER_SHEET}'!${LIST_COLUMN}$1:${LIST_COLUMN}$"
        workbook.defined_names[ANSWERS_NAME] = DefinedName(
            ANSWERS_NAME, attr_text=f"{lists}{len(labels)}"
        )
        workbook.defined_names[ANSWERS_WITHOUT_NA_NAME] = DefinedName(
            ANSWERS_WITHOUT_NA_NAME, attr_text=f"{lists}{len(labels) - 1}"
        )
        label_of = dict(labels)
        for principle in principles:
            sheet = workbook.create_sheet(sheet_name(principle))
            _write_principle(sheet, principle, answers if with_answers else {}, label_of, language)
    return workbook_bytes(workbook)


def _protect(sheet: Worksheet) -> None:
    """Locked against changes by mistake (no password): columns and rows can still be resized."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_guide(
    sheet: Worksheet,
    assessment: Assessment,
    principles: list[Principle],
    labels: list[tuple[str, str]],
    language: str,
    with_answers: bool,
    as_of: datetime.datetime,
) -> None:
    # Excel refuses these characters in a sheet's name, whatever a translation says.
    sheet.title = _("Guide").translate(str.maketrans("[]:*?/\\", "()-----"))[:31]
    questionnaire = assessment.questionnaire
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    when = formats.date_format(timezone.localtime(as_of), "SHORT_DATETIME_FORMAT")
    contents = (
        _("Answers as of %(time)s") % {"time": when} if with_answers else _("Blank questionnaire")
    )
    rows: list[tuple[object, object, Font | None]] = [
        (localized(questionnaire, "title", language), "", Font(bold=True, size=14)),
        ("", "", None),
        (_("Institution"), localized(assessment.institution, "name", language), None),
        (_("Period"), assessment.period_label, None),
        (_("Questionnaire version"), questionnaire.version, None),
        (_("Language"), translation.get_language_info(language)["name_local"], None),
        (_("Contents"), contents, None),
        ("", "", None),
        (_("How to fill in"), "", bold),
    ]
    rows += [(f"{number}.", step, None) for number, step in enumerate(_guide_steps(), start=1)]
    rows += [("", "", None), (_("Allowed answers"), "", bold)]
    rows += [("", label, None) for _value, label in labels]
    rows.append(
        (
            "",
            _(
                "“%(label)s” only for the indicators that allow it: the drop-down list of the "
                "others does not offer it."
            )
            % {"label": str(Response.NA.label)},
            None,
        )
    )
    rows += [("", "", None), (_("Principles"), "", bold)]
    rows += [
        (sheet_name(principle), localized(principle, "title", language), None)
        for principle in principles
    ]
    for first, second, font in rows:
        sheet.append([safe_cell(first), safe_cell(second)])
        if font is not None:
            sheet.cell(row=sheet.max_row, column=1).font = font
        sheet.cell(row=sheet.max_row, column=2).alignment = wrap
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    _protect(sheet)


def _guide_steps() -> list[str]:
    """How to fill in the workbook, step by step, in the active language."""
    return [
        _(
            "Each principle has its own sheet (P1, P2, ...). For each indicator, choose the "
            "answer in column D from the drop-down list and write the evidence and any comment "
            "in column E."
        ),
        _(
            "Do not add, delete or move rows, columns or sheets, and do not change the codes in "
            "column A: each row is matched to its indicator by its code."
        ),
        _(
            "Upload the file on the portal: on the assessment's page, follow “Upload a filled-in "
            "file”. Choose “Fill blanks only” to keep every answer already on the portal, or "
            "“Overwrite existing answers” to replace them with the answers and comments in the "
            "file."
        ),
        _(
            "An empty cell never erases anything on the portal: to remove an answer or a comment, "
            "change it on the portal."
        ),
        _(
            "The whole file is checked first: if any cell is wrong, nothing is saved and every "
            "error is listed with its sheet and cell."
        ),
        _(
            "An answer that someone changed on the portal after this file was downloaded is not "
            "overwritten; the upload page lists it."
        ),
        _(
            "This file belongs to this assessment only: a file of another assessment or "
            "questionnaire version is refused."
        ),
    ]


def _write_marker(
    sheet: Worksheet,
    assessment: Assessment,
    principles: list[Principle],
    answers: dict[int, Answer],
    labels: list[tuple[str, str]],
    language: str,
) -> None:
    values = (
        FORMAT,
        assessment.pk,
        assessment.questionnaire_id,
        assessment.questionnaire.version,
        language,
    )
    for row, (key, value) in enumerate(zip(MARKER_KEYS, values, strict=True), start=1):
        sheet[f"A{row}"] = key
        sheet[f"B{row}"] = safe_cell(value)
    for row, (_value, label) in enumerate(labels, start=1):
        sheet[f"{LIST_COLUMN}{row}"] = safe_cell(label)
    for row, heading in enumerate(_headers(), start=1):
        sheet[f"{HEADINGS_COLUMN}{row}"] = safe_cell(heading)
    sheet["F1"], sheet["G1"] = "indicator", "version"
    indicators = [indicator for principle in principles for indicator in principle.rows]
    for row, indicator in enumerate(indicators, start=VERSIONS_FIRST_ROW):
        answer = answers.get(indicator.pk)
        sheet[f"F{row}"] = indicator.pk
        sheet[f"G{row}"] = answer.version if answer else 0
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


def _write_principle(
    sheet: Worksheet,
    principle: Principle,
    answers: dict[int, Answer],
    label_of: dict[str, str],
    language: str,
) -> None:
    sheet.append([safe_cell(f"{principle.number}. {localized(principle, 'title', language)}")])
    sheet[f"A{TITLE_ROW}"].font = Font(bold=True, size=13)
    sheet.append(_headers())
    for column in COLUMNS:
        sheet[f"{column}{HEADER_ROW}"].font = Font(bold=True)
        sheet.column_dimensions[column].width = WIDTHS[column]
    without_na = _validation(ANSWERS_WITHOUT_NA_NAME)
    with_na = _validation(ANSWERS_NAME)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, indicator in enumerate(principle.rows, start=FIRST_ROW):
        answer = answers.get(indicator.pk)
        sheet.append(
            [
                safe_cell(indicator.code),
                safe_cell(localized(indicator, "text", language)),
                safe_cell(localized(indicator, "guidance", language)),
                label_of.get(answer.response, "") if answer else "",
                safe_cell(answer.comment) if answer else "",
            ]
        )
        for column in COLUMNS:
            sheet[f"{column}{row}"].alignment = wrap
        for column in (ANSWER, COMMENT):
            sheet[f"{column}{row}"].protection = Protection(locked=False)
        (with_na if indicator.allows_na else without_na).add(f"{ANSWER}{row}")
    for validation in (without_na, with_na):
        if validation.sqref:
            sheet.add_data_validation(validation)
    sheet.freeze_panes = f"A{FIRST_ROW}"
    _protect(sheet)


def _validation(formula: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not one of the answers")[:32],
        error=_("Choose one of the answers in the list."),
    )


def _fold(text: str) -> str:
    """Compare answers ignoring case, spacing, underscores and the dotted/dotless i."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u0307", "").replace("ı", "i").replace("_", " ")
    return " ".join(text.split())


def _accepted_answers() -> dict[str, str]:
    """Every spelling accepted for an answer: its code and its label in each language."""
    accepted = {_fold("n/a"): Response.NA.value}
    for language in CONTENT_LANGUAGES:
        with translation.override(language):
            for value, label in Response.choices:
                accepted[_fold(str(label))] = value
    for value in Response.values:
        accepted[_fold(value)] = value
    return accepted


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _comment(value: object) -> str:
    return _text(value).strip()


def _refuse(message: str) -> WorkbookRejected:
    return WorkbookRejected([CellError("", message)])


def _not_offline_file() -> WorkbookRejected:
    return _refuse(
        _(
            "This file is not an offline questionnaire of the portal. Download the file on this "
            "page, fill it in and upload it."
        )
    )


def _open(upload: UploadedFile) -> Workbook:
    not_xlsx = _(
        "“%(name)s” is not an Excel workbook (.xlsx): an old .xls file, a CSV file or a damaged "
        "file cannot be read. Upload the .xlsx file downloaded from this page."
    ) % {"name": upload.name}
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise _refuse(not_xlsx)
    if upload.size > MAX_WORKBOOK_BYTES:
        raise _refuse(
            _("The file is larger than %(limit)s MB.")
            % {"limit": MAX_WORKBOOK_BYTES // (1024 * 1024)}
        )
    data = upload.read()
    if not data:
        raise _refuse(_("The file is empty."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise _refuse(not_xlsx) from None
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise _refuse(not_xlsx)
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise _refuse(_("The workbook is too large once unpacked."))
    try:
        with warnings.catch_warnings():
            # Excel's own extensions (e.g. its copy of the drop-downs) are not needed to read.
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(io.BytesIO(data))
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise _refuse(not_xlsx) from None


def _check_marker(workbook: Workbook, assessment: Assessment) -> tuple[dict[int, int], list[str]]:
    """The versions of the answers when the file was made, and its column headings."""
    marker = workbook[MARKER_SHEET] if MARKER_SHEET in workbook.sheetnames else None
    if not isinstance(marker, Worksheet):
        raise _not_offline_file()
    found = {
        _text(marker[f"A{row}"].value): _text(marker[f"B{row}"].value)
        for row in range(1, len(MARKER_KEYS) + 1)
    }
    if found.get("format") != FORMAT:
        raise _not_offline_file()
    if found.get("assessment") != str(assessment.pk):
        raise _refuse(
            _(
                "This file belongs to another assessment. Download the file of this assessment "
                "and enter the answers in it."
            )
        )
    if found.get("questionnaire") != str(assessment.questionnaire_id):
        raise _refuse(
            _(
                "This file was made for another questionnaire version. Download the file of this "
                "assessment and enter the answers in it."
            )
        )
    versions = {}
    for indicator, version in marker.iter_rows(
        min_row=VERSIONS_FIRST_ROW, min_col=6, max_col=7, values_only=True
    ):
        # Numbers may come back as floats from another spreadsheet program; a lost version
        # reads as 0, which makes an overwrite of a stored answer a conflict, never a loss.
        if DIGITS.fullmatch(_text(indicator)) and DIGITS.fullmatch(_text(version)):
            versions[int(_text(indicator))] = int(_text(version))
    headers = [_text(marker[f"{HEADINGS_COLUMN}{row}"].value) for row in range(1, len(COLUMNS) + 1)]
    return versions, headers


@dataclass(frozen=True)
class _AnswerSpellings:
    """What an answer cell may hold, and the answers an error lists, in the active language."""

    accepted: dict[str, str]
    listed: dict[bool, str]  # by whether the indicator allows "not applicable"
    na_label: str

    @classmethod
    def active(cls) -> "_AnswerSpellings":
        labels = [f"“{label}”" for _value, label in _answer_labels()]
        return cls(
            accepted=_accepted_answers(),
            listed={True: ", ".join(labels), False: ", ".join(labels[:-1])},
            na_label=str(Response.NA.label),
        )


def workbook_read(*, assessment: Assessment, upload: UploadedFile) -> list[ImportRow]:
    """Every indicator's row of an uploaded workbook; WorkbookRejected listing every bad cell
    (as "P2!D5: ...") if the file is not this assessment's or any cell is wrong."""
    workbook = _open(upload)
    versions, headers = _check_marker(workbook, assessment)
    spellings = _AnswerSpellings.active()
    rows: list[ImportRow] = []
    errors: list[CellError] = []
    for principle in _principles(assessment):
        name = sheet_name(principle)
        sheet = workbook[name] if name in workbook.sheetnames else None
        if not isinstance(sheet, Worksheet):
            errors.append(CellError(name, _("the sheet is missing.")))
            continue
        found, problems = _read_principle(sheet, principle, headers, versions, spellings)
        rows += found
        errors += problems
    if errors:
        raise WorkbookRejected(errors)
    return rows


def _read_principle(
    sheet: Worksheet,
    principle: Principle,
    headers: list[str],
    versions: dict[int, int],
    spellings: _AnswerSpellings,
) -> tuple[list[ImportRow], list[CellError]]:
    """A principle's sheet: a row per indicator, and every bad cell in it."""
    name = sheet_name(principle)
    moved = [
        column
        for column, heading in zip(COLUMNS, headers, strict=True)
        if _text(sheet[f"{column}{HEADER_ROW}"].value).strip() != heading
    ]
    if moved:
        return [], [
            CellError(
                f"{name}!{moved[0]}{HEADER_ROW}",
                _("the columns were changed: columns must not be added, deleted or moved."),
            )
        ]
    rows: list[ImportRow] = []
    errors: list[CellError] = []
    for row, indicator in enumerate(principle.rows, start=FIRST_ROW):
        seen_version = versions.get(indicator.pk, 0)
        found, problems = _read_row(sheet, name, row, indicator, seen_version, spellings)
        errors += problems
        if found is not None:
            rows.append(found)
    last = FIRST_ROW + len(principle.rows)
    for cells in sheet.iter_rows(min_row=last, max_col=len(COLUMNS)):
        if any(_text(cell.value).strip() for cell in cells):
            errors.append(
                CellError(
                    f"{name}!{CODE}{cells[0].row}",
                    _(
                        "this row is below the last indicator of the principle: rows must "
                        "not be added."
                    ),
                )
            )
    return rows, errors


def _read_row(
    sheet: Worksheet,
    name: str,
    row: int,
    indicator: Indicator,
    seen_version: int,
    spellings: _AnswerSpellings,
) -> tuple[ImportRow | None, list[CellError]]:
    """An indicator's row, or what is wrong with it."""
    code = _text(sheet[f"{CODE}{row}"].value).strip()
    if code != indicator.code:
        return None, [
            CellError(
                f"{name}!{CODE}{row}",
                _(
                    "indicator %(expected)s belongs in this row, not “%(found)s”: rows "
                    "must not be added, deleted or moved."
                )
                % {"expected": indicator.code, "found": code},
            )
        ]
    answer_cell, comment_cell = sheet[f"{ANSWER}{row}"], sheet[f"{COMMENT}{row}"]
    formulas = [cell for cell in (answer_cell, comment_cell) if cell.data_type == "f"]
    if formulas:
        return None, [
            CellError(
                f"{name}!{cell.coordinate}",
                _("a formula is not accepted here; type the text itself."),
            )
            for cell in formulas
        ]
    typed = _text(answer_cell.value).strip()
    response = spellings.accepted.get(_fold(typed), "") if typed else ""
    if typed and not response:
        return None, [
            CellError(
                f"{name}!{answer_cell.coordinate}",
                _("“%(value)s” is not one of the answers: %(answers)s.")
                % {"value": typed, "answers": spellings.listed[indicator.allows_na]},
            )
        ]
    if response == Response.NA and not indicator.allows_na:
        return None, [
            CellError(
                f"{name}!{answer_cell.coordinate}",
                _("indicator %(code)s cannot be answered “%(label)s”.")
                % {"code": indicator.code, "label": spellings.na_label},
            )
        ]
    return ImportRow(
        indicator=indicator,
        response=response,
        comment=_comment(comment_cell.value),
        seen_version=seen_version,
    ), []
