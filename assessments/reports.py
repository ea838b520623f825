"""Assessment and cohort reports, PDF and Excel, in the active language.

The figures come from the same selectors as the pages (``assessment_outcome``,
``cohort_outcome``), so a report never says something the page does not.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from smartportal import pdf
from smartportal.exports import safe_cell, sheet_table, workbook_bytes

from .models import BAND_LABELS, Assessment
from .selectors import AssessmentOutcome, CohortOutcome


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _rounded(value: float | None) -> float | None:
    """One decimal, rounded half up as the pages round (``|floatformat:1``)."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _percent(value: float | None) -> str:
    """As the pages print it (``|floatformat:1``: rounded half up, localised)."""
    return "—" if value is None else floatformat(value, 1) + "%"


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + floatformat(value, 1)


def _change(row) -> float | None:
    """The difference of the two figures as printed, so that the report adds up."""
    if row.score is None or row.previous is None:
        return None
    return _rounded(_rounded(row.score) - _rounded(row.previous))


def _gate(outcome: AssessmentOutcome) -> str:
    if outcome.gate_pending:
        return _("Not decided yet: some critical indicators are not answered.")
    if outcome.gate:
        return _("Met: every critical indicator is met.")
    return _("Not met: at least one critical indicator is not met.")


def _facts(outcome: AssessmentOutcome) -> list[tuple[str, str]]:
    assessment = outcome.assessment
    facts = [
        (_("Institution"), f"{assessment.institution.name} ({assessment.institution.code})"),
        (_("Period"), assessment.period),
        (_("Questionnaire"), str(assessment.questionnaire)),
        (_("Type"), assessment.get_kind_display()),
        (_("Status"), assessment.get_status_display()),
    ]
    if assessment.submitted_at:
        facts.append(
            (_("Submitted"), f"{_when(assessment.submitted_at)}, {_who(assessment.submitted_by)}")
        )
    # A decision older than the latest submission was on an earlier round: not this one.
    if assessment.decided_at and (
        assessment.submitted_at is None or assessment.decided_at >= assessment.submitted_at
    ):
        facts.append(
            (
                _("Reviewed"),
                f"{assessment.get_status_display()}: {_when(assessment.decided_at)}, "
                f"{_who(assessment.decided_by)}",
            )
        )
    if outcome.previous:
        facts.append(
            (
                _("Previous assessment"),
                f"{outcome.previous.period} ({outcome.previous.questionnaire})",
            )
        )
    return facts


def _answer_label(answer) -> str:
    return answer.get_response_display() if answer and answer.response else _("Not answered")


def _title(assessment: Assessment) -> str:
    return _("Client-protection assessment: %(institution)s, %(period)s") % {
        "institution": assessment.institution.name,
        "period": assessment.period,
    }


def assessment_pdf(*, outcome: AssessmentOutcome, chart: Figure) -> bytes:
    assessment = outcome.assessment
    story = [pdf.heading(_title(assessment), 1), pdf.facts(_facts(outcome))]
    if outcome.provisional:
        story.append(
            pdf.text(
                _(
                    "Provisional: scores of the answers given so far. The result is fixed "
                    "when the assessment is submitted."
                )
            )
        )
    story += [
        pdf.heading(_("Result")),
        pdf.facts(
            [
                (_("Overall score"), _percent(outcome.overall)),
                (_("Band"), str(BAND_LABELS.get(outcome.band, "—"))),
                (_("Certification gate"), _gate(outcome)),
            ]
        ),
        pdf.heading(_("Score by principle")),
        pdf.figure(chart),
        pdf.table(
            [
                _("Principle"),
                _("Score"),
                _("Peer average"),
                _("Previous"),
                _("Change from the previous"),
            ],
            [
                [
                    f"{row.principle.number}. {row.principle.title}",
                    _percent(row.score),
                    _percent(row.benchmark),
                    _percent(row.previous),
                    _signed(_change(row)),
                ]
                for row in outcome.rows
            ],
            [0.4, 0.12, 0.16, 0.14, 0.18],
            numeric=[1, 2, 3, 4],
        ),
        pdf.text(
            _(
                "Peer average: other institutions' submitted assessments of the same "
                "questionnaire, shown when at least three contribute; none is named."
            )
            if outcome.has_benchmark
            else _(
                "No peer average yet: it is shown once at least three other institutions "
                "have submitted this questionnaire."
            ),
            "small",
        ),
        pdf.heading(_("Gaps and action plan")),
    ]
    if outcome.gaps:
        story.append(
            pdf.table(
                [_("Indicator"), _("Answer"), _("Action"), _("Who"), _("By when"), _("Status")],
                [
                    [
                        f"{indicator.code} {indicator.text}",
                        answer.get_response_display(),
                        item.what if item else "—",
                        item.responsible if item else "",
                        formats.date_format(item.due_on, "SHORT_DATE_FORMAT") if item else "",
                        item.get_status_display() if item else "",
                    ]
                    for indicator, answer, item in outcome.gaps
                ],
                [0.34, 0.12, 0.24, 0.1, 0.1, 0.1],
            )
        )
    else:
        story.append(pdf.text(_("No gap: every applicable indicator is met.")))
    story.append(pdf.heading(_("Answers by principle")))
    for row in outcome.rows:
        story += [
            pdf.heading(
                f"{row.principle.number}. {row.principle.title} · {_percent(row.score)}", 3
            ),
            pdf.table(
                [_("Indicator"), _("Answer"), _("Evidence and comment"), _("Reviewer's note")],
                [
                    [
                        f"{indicator.code} {indicator.text}",
                        _answer_label(answer),
                        answer.comment if answer else "",
                        _review(answer),
                    ]
                    for indicator, answer in row.indicators
                ],
                [0.4, 0.14, 0.26, 0.2],
            ),
        ]
    footer = f"SmartPortal · {assessment.institution.code} · {assessment.period} · " + _(
        "generated %(when)s"
    ) % {"when": _when(timezone.now())}
    return pdf.document(story, title=_title(assessment), footer=footer)


def _review(answer) -> str:
    if answer is None or not answer.has_review:
        return ""
    verdict = answer.get_review_verdict_display() if answer.review_verdict else ""
    return " · ".join(part for part in (verdict, answer.review_note) if part)


def _bar_chart(sheet, title: str, labels: Reference, values: Reference, anchor: str) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.legend = None
    chart.height = 9
    chart.width = 18
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(labels)
    sheet.add_chart(chart, anchor)


def assessment_xlsx(*, outcome: AssessmentOutcome, chart: Figure | None = None) -> bytes:
    """A summary sheet (facts, result, scores with a native chart), a sheet per principle
    and the action plan; scores are numbers (percent, one decimal shown)."""
    assessment = outcome.assessment
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append([safe_cell(_title(assessment))])
    for label, value in _facts(outcome):
        summary.append([label, safe_cell(value)])
    summary.append([_("Overall score"), _rounded(outcome.overall)])
    summary.cell(row=summary.max_row, column=2).number_format = "0.0"
    summary.append([_("Band"), str(BAND_LABELS.get(outcome.band, ""))])
    summary.append([_("Certification gate"), _gate(outcome)])
    if outcome.provisional:
        summary.append([_("Provisional: scores of the answers given so far.")])
    first, last = sheet_table(
        summary,
        [
            _("Principle"),
            _("Score"),
            _("Peer average"),
            _("Previous"),
            _("Change from the previous"),
        ],
        (
            [
                f"{row.principle.number}. {row.principle.title}",
                _rounded(row.score),
                _rounded(row.benchmark),
                _rounded(row.previous),
                _change(row),
            ]
            for row in outcome.rows
        ),
        widths=[48, 12, 14, 12, 10],
        start_row=summary.max_row + 2,
    )
    _bar_chart(
        summary,
        _("Score by principle"),
        Reference(summary, min_col=1, min_row=first + 1, max_row=last),
        Reference(summary, min_col=2, min_row=first, max_row=last),
        f"G{first}",
    )
    for row in outcome.rows:
        sheet = workbook.create_sheet(_("Principle %(number)s") % {"number": row.principle.number})
        sheet.append([safe_cell(f"{row.principle.number}. {row.principle.title}")])
        sheet.append([_("Score"), _rounded(row.score)])
        sheet.cell(row=2, column=2).number_format = "0.0"
        sheet_table(
            sheet,
            [
                _("Code"),
                _("Indicator"),
                _("Answer"),
                _("Evidence and comment"),
                _("Reviewer's note"),
                _("Weight"),
                _("Critical"),
            ],
            (
                [
                    indicator.code,
                    indicator.text,
                    _answer_label(answer),
                    answer.comment if answer else "",
                    _review(answer),
                    indicator.weight,
                    _("yes") if indicator.is_critical else _("no"),
                ]
                for indicator, answer in row.indicators
            ),
            widths=[8, 60, 16, 40, 30, 8, 9],
            start_row=4,
        )
    plan = workbook.create_sheet(_("Action plan")[:31])
    sheet_table(
        plan,
        [_("Code"), _("Indicator"), _("Answer"), _("Action"), _("Who"), _("By when"), _("Status")],
        (
            [
                indicator.code,
                indicator.text,
                answer.get_response_display(),
                item.what if item else "",
                item.responsible if item else "",
                item.due_on if item else None,
                item.get_status_display() if item else "",
            ]
            for indicator, answer, item in outcome.gaps
        ),
        widths=[8, 60, 16, 40, 20, 12, 14],
    )
    return workbook_bytes(workbook)


def cohort_pdf(*, outcome: "CohortOutcome", chart: Figure | None) -> bytes:
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
    ) % {"when": _when(timezone.now())}
    return pdf.document(story, title=_cohort_title(outcome), footer=footer)


def _cohort_title(outcome: "CohortOutcome") -> str:
    return _("Cohort report: %(cohort)s, %(period)s") % {
        "cohort": outcome.cohort.name,
        "period": outcome.period,
    }


def _cohort_facts(outcome: "CohortOutcome") -> list[tuple[str, str]]:
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


def _cohort_notes(outcome: "CohortOutcome") -> list[str]:
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


def _spread_table(outcome: "CohortOutcome") -> tuple[list[str], list[list], Sequence[float]]:
    header = [_("Principle"), _("Lowest"), _("Lower quartile"), _("Median"), _("Upper quartile")]
    header += [_("Highest"), _("Mean")]
    rows = [
        [
            f"{spread.principle.number}. {spread.principle.title}",
            *(
                _percent(value)
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


def _weakest_table(outcome: "CohortOutcome") -> tuple[list[str], list[list], Sequence[float]]:
    header = [_("Code"), _("Indicator"), _("Share of points"), _("Not met"), _("Partially")]
    rows = [
        [
            item.indicator.code,
            item.indicator.text,
            _percent(item.share),
            item.not_met,
            item.partial,
        ]
        for item in outcome.weakest
    ]
    return header, rows, [0.08, 0.56, 0.14, 0.11, 0.11]


def _members_table(outcome: "CohortOutcome") -> tuple[list[str], list[list], Sequence[float]]:
    header = [_("Institution")] + [str(p.number) for p in outcome.principles] + [_("Overall")]
    rows = [
        [member.label, *(_percent(score) for score in member.scores), _percent(member.overall)]
        for member in outcome.members
    ]
    share = 0.7 / (len(outcome.principles) + 1)
    return header, rows, [0.3] + [share] * (len(outcome.principles) + 1)


def cohort_xlsx(*, outcome: "CohortOutcome", chart: Figure | None = None) -> bytes:
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
                    _rounded(v)
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
                *(_rounded(score) for score in member.scores),
                _rounded(member.overall),
                str(BAND_LABELS.get(member.band, "")),
            ]
            for member in outcome.members
        ),
        widths=[36] + [14] * (len(outcome.principles) + 2),
    )
    if outcome.members:
        overall_column = len(outcome.principles) + 2
        _bar_chart(
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
                _rounded(item.share),
                item.not_met,
                item.partial,
            ]
            for item in outcome.weakest
        ),
        widths=[8, 70, 14, 10, 10],
    )
    return workbook_bytes(workbook)
