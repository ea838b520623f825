"""The cohort report, PDF and Excel, in the active language: the same figures as the cohort's
page (``cohort_outcome``), so a report never says something the page does not."""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.chart import Reference

from assessments.models import BAND_LABELS
from assessments.reports import bar_chart, percent, rounded, when
from smartportal import pdf
from smartportal.exports import safe_cell, sheet_table, workbook_bytes

from . import charts
from .selectors import CohortOutcome


def spread_chart(outcome: CohortOutcome) -> Figure:
    """The box plot of the cohort's page and PDF report, in the active language."""
    return charts.cohort_spread_figure(
        labels=[f"{s.principle.number}. {s.principle.title}" for s in outcome.spreads],
        scores=[s.scores for s in outcome.spreads],
        axis_label=_("Score, %"),
    )


def cohort_pdf(*, outcome: CohortOutcome, chart: Figure | None) -> bytes:
    story = [pdf.heading(_cohort_title(outcome), 1), pdf.facts(_cohort_facts(outcome))]
    if not outcome.members:
        story.append(pdf.text(_("No institution of the cohort has submitted this assessment.")))
    else:
        story += [
            pdf.heading(_("Spread of scores by principle")),
            pdf.figure(chart),
            pdf.table(*_spread_table(outcome), numeric=[1, 2, 3, 4, 5, 6]),
            pdf.heading(_("Weakest indicators across the cohort")),
            pdf.table(*_weakest_table(outcome), numeric=[2, 3, 4])
            if outcome.weakest
            else pdf.text(_("Every applicable indicator is met by every institution.")),
            pdf.heading(_("Scores by institution")),
            pdf.table(
                *_members_table(outcome), numeric=list(range(1, len(outcome.principles) + 2))
            ),
        ]
    for note in _cohort_notes(outcome):
        story.append(pdf.text(note, "small"))
    footer = f"SmartPortal · {outcome.cohort.name} · {outcome.period} · " + _(
        "generated %(when)s"
    ) % {"when": when(timezone.now())}
    return pdf.document(story, title=_cohort_title(outcome), footer=footer)


def _cohort_title(outcome: CohortOutcome) -> str:
    return _("Cohort report: %(cohort)s, %(period)s") % {
        "cohort": outcome.cohort.name,
        "period": outcome.period,
    }


def _cohort_facts(outcome: CohortOutcome) -> list[tuple[str, str]]:
    return [
        (_("Cohort"), outcome.cohort.name),
        (_("Questionnaire"), str(outcome.questionnaire)),
        (_("Period"), outcome.period),
        (
            _("Institutions"),
            _("%(submitted)s of %(members)s have submitted")
            % {"submitted": len(outcome.members), "members": outcome.cohort_size},
        ),
    ]


def _cohort_notes(outcome: CohortOutcome) -> list[str]:
    notes = [_anonymity_note()] if outcome.anonymised else []
    if outcome.withheld:
        notes.append(withheld_note(outcome.withheld))
    return notes


def withheld_note(count: int) -> str:
    return ngettext(
        "%(counter)s other institution's results are not shown: results without names are "
        "shown only when at least three institutions' can be.",
        "%(counter)s other institutions' results are not shown: results without names are "
        "shown only when at least three institutions' can be.",
        count,
    ) % {"counter": count}


def _anonymity_note() -> str:
    return _(
        "Institutions you may not see by name are shown as “Institution A, B, …”; the "
        "letters follow the order of the table."
    )


def _spread_table(outcome: CohortOutcome) -> tuple[list[str], list[list], Sequence[float]]:
    header = [_("Principle"), _("Lowest"), _("Lower quartile"), _("Median"), _("Upper quartile")]
    header += [_("Highest"), _("Mean")]
    rows = [
        [
            f"{spread.principle.number}. {spread.principle.title}",
            *(
                percent(value)
                for value in (
                    spread.lowest,
                    spread.lower_quartile,
                    spread.median,
                    spread.upper_quartile,
                    spread.highest,
                    spread.mean,
                )
            ),
        ]
        for spread in outcome.spreads
    ]
    return header, rows, [0.34] + [0.11] * 6


def _weakest_table(outcome: CohortOutcome) -> tuple[list[str], list[list], Sequence[float]]:
    header = [_("Code"), _("Indicator"), _("Share of points"), _("Not met"), _("Partially")]
    rows = [
        [
            item.indicator.code,
            item.indicator.text,
            percent(item.share),
            item.not_met,
            item.partial,
        ]
        for item in outcome.weakest
    ]
    return header, rows, [0.08, 0.56, 0.14, 0.11, 0.11]


def _members_table(outcome: CohortOutcome) -> tuple[list[str], list[list], Sequence[float]]:
    header = [_("Institution")] + [str(p.number) for p in outcome.principles] + [_("Overall")]
    rows = [
        [member.label, *(percent(score) for score in member.scores), percent(member.overall)]
        for member in outcome.members
    ]
    share = 0.7 / (len(outcome.principles) + 1)
    return header, rows, [0.3] + [share] * (len(outcome.principles) + 1)


def cohort_xlsx(*, outcome: CohortOutcome) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append([safe_cell(_cohort_title(outcome))])
    for label, value in _cohort_facts(outcome):
        summary.append([label, safe_cell(value)])
    for note in _cohort_notes(outcome):
        summary.append([note])
    header, _rows, _widths = _spread_table(outcome)
    sheet_table(
        summary,
        header,
        (
            [
                f"{s.principle.number}. {s.principle.title}",
                *(
                    rounded(v)
                    for v in (
                        s.lowest,
                        s.lower_quartile,
                        s.median,
                        s.upper_quartile,
                        s.highest,
                        s.mean,
                    )
                ),
            ]
            for s in outcome.spreads
        ),
        widths=[48, 10, 14, 10, 14, 10, 10],
        start_row=summary.max_row + 2,
    )
    members = workbook.create_sheet(_("Institutions")[:31])
    first, last = sheet_table(
        members,
        [_("Institution")]
        + [f"{p.number}. {p.title}" for p in outcome.principles]
        + [_("Overall"), _("Band")],
        (
            [
                member.label,
                *(rounded(score) for score in member.scores),
                rounded(member.overall),
                str(BAND_LABELS.get(member.band, "")),
            ]
            for member in outcome.members
        ),
        widths=[36] + [14] * (len(outcome.principles) + 2),
    )
    if outcome.members:
        overall_column = len(outcome.principles) + 2
        bar_chart(
            members,
            _("Overall score"),
            Reference(members, min_col=1, min_row=first + 1, max_row=last),
            Reference(members, min_col=overall_column, min_row=first, max_row=last),
            f"A{last + 3}",
        )
    weakest = workbook.create_sheet(_("Weakest indicators")[:31])
    header, _rows, _widths = _weakest_table(outcome)
    sheet_table(
        weakest,
        header,
        (
            [
                item.indicator.code,
                item.indicator.text,
                rounded(item.share),
                item.not_met,
                item.partial,
            ]
            for item in outcome.weakest
        ),
        widths=[8, 70, 14, 10, 10],
    )
    return workbook_bytes(workbook)
