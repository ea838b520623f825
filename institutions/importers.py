"""Loading institutions from a CSV or Excel file: every row is checked, then all saved or none."""

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from smartportal.tabular import (
    HEADER_ROW,
    ImportRejected,
    RowError,
    TableError,
    check_columns,
    normalise_date,
    normalise_number,
    read_table,
)

from .forms import CONTACT_FIELDS, IDENTITY_FIELDS, SIZE_FIELDS, FiguresDatedMixin
from .models import Institution

# The file's columns are the profile's fields: who the institution is, then its contacts and size.
REQUIRED_COLUMNS = IDENTITY_FIELDS
OPTIONAL_COLUMNS = [*CONTACT_FIELDS, *SIZE_FIELDS]
NUMBER_COLUMNS = {"branches", "active_clients", "gross_loan_portfolio"}
DATE_COLUMNS = {"licence_issued_on", "figures_as_of"}
LOWER_CASE_COLUMNS = {"code", "kind"}


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


class _RowForm(FiguresDatedMixin, forms.ModelForm):
    pass


def _row_form_class(columns: list[str]) -> type[forms.ModelForm]:
    fields = REQUIRED_COLUMNS + [column for column in OPTIONAL_COLUMNS if column in columns]
    return forms.modelform_factory(Institution, form=_RowForm, fields=fields)


def _clean_row(row: dict[str, str]) -> dict[str, str]:
    """Numbers and dates as users write them, made plain; codes and kinds in lower case."""
    cleaned = dict(row)
    for column, value in row.items():
        if column in NUMBER_COLUMNS:
            cleaned[column] = normalise_number(value)
        elif column in DATE_COLUMNS:
            cleaned[column] = normalise_date(value)
        elif column in LOWER_CASE_COLUMNS:
            cleaned[column] = value.lower()
    return cleaned


def _form_errors(form: forms.ModelForm) -> str:
    parts = []
    for field, messages in form.errors.items():
        text = " ".join(messages)
        parts.append(text if field == "__all__" else f"{field}: {text}")
    return "; ".join(parts)


def institutions_import(
    *, source: BinaryIO | Path | str, filename: str | None = None, update_existing: bool = True
) -> ImportSummary:
    """Create or update institutions by code from a file with REQUIRED_COLUMNS (+ OPTIONAL)."""
    try:
        frame = read_table(source, filename=filename)
    except TableError as exc:
        raise ImportRejected([RowError(HEADER_ROW, str(exc))]) from exc

    check_columns(list(frame.columns), required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)

    rows = {number: _clean_row(row) for number, row in frame.to_dict("index").items()}
    form_class = _row_form_class(list(frame.columns))
    codes = [row["code"] for row in rows.values()]
    existing = {i.code: i for i in Institution.objects.filter(code__in=codes)}
    first_seen: dict[str, int] = {}
    errors: list[RowError] = []
    valid_forms: list[forms.ModelForm] = []
    for row_number, row in rows.items():
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
        if code in existing and not update_existing:
            continue
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
    updated = sum(1 for form in valid_forms if form.cleaned_data["code"] in existing)
    return ImportSummary(created=len(valid_forms) - updated, updated=updated)
