"""Loading institutions from a CSV or Excel file: every row is checked, then all saved or none."""

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from smartportal.tabular import TableError, read_table

from .models import Institution

REQUIRED_COLUMNS = ["code", "kind", "name_az", "name_en", "name_ru"]
OPTIONAL_COLUMNS = [
    "registration_number",
    "licence_number",
    "licence_issued_on",
    "address",
    "phone",
    "email",
    "website",
    "branches",
    "active_clients",
    "gross_loan_portfolio",
    "figures_as_of",
]
HEADER_ROW = 1


@dataclass(frozen=True)
class RowError:
    """A problem with one row; ``row`` is the line number as a spreadsheet shows it (header = 1)."""

    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportRejected(Exception):
    """The file was not imported; nothing of it was saved."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


def _row_form_class(columns: list[str]) -> type[forms.ModelForm]:
    fields = REQUIRED_COLUMNS + [column for column in OPTIONAL_COLUMNS if column in columns]
    return forms.modelform_factory(Institution, fields=fields)


def _form_errors(form: forms.ModelForm) -> str:
    parts = []
    for field, messages in form.errors.items():
        text = " ".join(messages)
        parts.append(text if field == "__all__" else f"{field}: {text}")
    return "; ".join(parts)


def institutions_import(
    *, source: BinaryIO | Path | str, filename: str | None = None
) -> ImportSummary:
    """Create or update institutions by code from a file with REQUIRED_COLUMNS (+ OPTIONAL)."""
    try:
        frame = read_table(source, filename=filename)
    except TableError as exc:
        raise ImportRejected([RowError(HEADER_ROW, str(exc))]) from exc

    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        raise ImportRejected(
            [
                RowError(
                    HEADER_ROW,
                    _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)},
                )
            ]
        )

    form_class = _row_form_class(list(frame.columns))
    existing = {i.code: i for i in Institution.objects.filter(code__in=frame["code"].tolist())}
    first_seen: dict[str, int] = {}
    errors: list[RowError] = []
    valid_forms: list[forms.ModelForm] = []
    for row_number, row in enumerate(frame.to_dict("records"), start=HEADER_ROW + 1):
        code = row["code"]
        if code in first_seen:
            errors.append(
                RowError(
                    row_number,
                    _("code %(code)s already appears in row %(first)s")
                    % {"code": code, "first": first_seen[code]},
                )
            )
            continue
        first_seen[code] = row_number
        form = form_class(data=row, instance=existing.get(code))
        if form.is_valid():
            valid_forms.append(form)
        else:
            errors.append(RowError(row_number, _form_errors(form)))

    if errors:
        raise ImportRejected(errors)

    with transaction.atomic():
        for form in valid_forms:
            form.save()
    updated = sum(1 for form in valid_forms if form.instance.code in existing)
    return ImportSummary(created=len(valid_forms) - updated, updated=updated)
