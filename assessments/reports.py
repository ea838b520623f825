"""Assessment reports, PDF and Excel, in the active language.

The figures come from the same selector as the page (``assessment_outcome``), so a report
never says something the page does not.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from smartportal import pdf
from smartportal.exports import safe_cell, sheet_table, workbook_bytes

from . import charts
from .models import BAND_LABELS, Assessment
from .selectors import AssessmentOutcome, PrincipleRow


def when(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def rounded(value: float | None) -> float | None:
    """One decimal, rounded half up as the pages round (``|floatformat:1``)."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(value: float | None) -> str:
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
    return rounded(rounded(row.score) - rounded(row.previous))


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
        (_("Period"), assessment.period_label),
        (_("Questionnaire"), str(assessment.questionnaire)),
        (_("Type"), assessment.get_kind_display()),
        (_("Status"), assessment.get_status_display()),
    ]
    if assessment.submitted_at:
        facts.append(
            (_("Submitted"), f"{when(assessment.submitted_at)}, {_who(assessment.submitted_by)}")
        )
    # A decision older than the latest submission was on an earlier round: not this one.
    if assessment.decided_at and (
        assessment.submitted_at is None or assessment.decided_at >= assessment.submitted_at
    ):
        facts.append(
            (
                _("Reviewed"),
                f"{assessment.get_status_display()}: {when(assessment.decided_at)}, "
                f"{_who(assessment.decided_by)}",
            )
        )
    if outcome.previous:
        facts.append(
            (
                _("Previous assessment"),
                f"{outcome.previous.period_label} ({outcome.previous.questionnaire})",
            )
        )
    return facts


def _answer_label(answer) -> str:
    return answer.get_response_display() if answer and answer.response else _("Not answered")


def _title(assessment: Assessment) -> str:
    return _("Client-protection assessment: %(institution)s, %(period)s") % {
        "institution": assessment.institution.name,
        "period": assessment.period_label,
    }


def principles_chart(outcome: AssessmentOutcome) -> Figure:
    """The principles chart of the results page and the reports, in the active language."""
    return charts.principles_figure(
        labels=[f"{row.principle.number}. {row.principle.title}" for row in outcome.rows],
        scores=[row.score for row in outcome.rows],
        benchmark=[row.benchmark for row in outcome.rows] if outcome.has_benchmark else None,
        benchmark_label=_("Peer average"),
        no_score_label=[
            _("not answered yet")
            if outcome.provisional and row.answered < row.total
            else _("no applicable indicator")
            for row in outcome.rows
        ],
        axis_label=_("Score, %"),
        # The same rounding as the table beside it (|floatformat:1).
        number_format=lambda value: floatformat(value, 1),
    )


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
    story += _pdf_result(outcome, chart) + _pdf_gaps(outcome) + _pdf_answers(outcome)
    footer = f"SmartPortal · {assessment.institution.code} · {assessment.period_label} · " + _(
        "generated %(when)s"
    ) % {"when": when(timezone.now())}
    return pdf.document(story, title=_title(assessment), footer=footer)


def _pdf_result(outcome: AssessmentOutcome, chart: Figure) -> list:
    """The overall result, and the score of each principle beside the peer average and the
    previous assessment's."""
    return [
        pdf.heading(_("Result")),
        pdf.facts(
            [
                (_("Overall score"), percent(outcome.overall)),
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
                    percent(row.score),
                    percent(row.benchmark),
                    percent(row.previous),
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
    ]


def _pdf_gaps(outcome: AssessmentOutcome) -> list:
    story = [pdf.heading(_("Gaps and action plan"))]
    if not outcome.gaps:
        return story + [pdf.text(_("No gap: every applicable indicator is met."))]
    return story + [
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
    ]


def _pdf_answers(outcome: AssessmentOutcome) -> list:
    story = [pdf.heading(_("Answers by principle"))]
    for row in outcome.rows:
        story += [
            pdf.heading(f"{row.principle.number}. {row.principle.title} · {percent(row.score)}", 3),
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
    return story


def _review(answer) -> str:
    if answer is None or not answer.has_review:
        return ""
    verdict = answer.get_review_verdict_display() if answer.review_verdict else ""
    return " · ".join(part for part in (verdict, answer.review_note) if part)


def bar_chart(sheet, title: str, labels: Reference, values: Reference, anchor: str) -> None:
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


def assessment_xlsx(*, outcome: AssessmentOutcome) -> bytes:
    """A summary sheet (facts, result, scores with a native chart), a sheet per principle
    and the action plan; scores are numbers (percent, one decimal shown)."""
    workbook = Workbook()
    _summary_sheet(workbook.active, outcome)
    for row in outcome.rows:
        _principle_sheet(workbook, row)
    _plan_sheet(workbook, outcome)
    return workbook_bytes(workbook)


def _summary_sheet(summary, outcome: AssessmentOutcome) -> None:
    summary.title = _("Summary")[:31]
    summary.append([safe_cell(_title(outcome.assessment))])
    for label, value in _facts(outcome):
        summary.append([label, safe_cell(value)])
    summary.append([_("Overall score"), rounded(outcome.overall)])
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
                rounded(row.score),
                rounded(row.benchmark),
                rounded(row.previous),
                _change(row),
            ]
            for row in outcome.rows
        ),
        widths=[48, 12, 14, 12, 10],
        start_row=summary.max_row + 2,
    )
    bar_chart(
        summary,
        _("Score by principle"),
        Reference(summary, min_col=1, min_row=first + 1, max_row=last),
        Reference(summary, min_col=2, min_row=first, max_row=last),
        f"G{first}",
    )


def _principle_sheet(workbook: Workbook, row: PrincipleRow) -> None:
    sheet = workbook.create_sheet(_("Principle %(number)s") % {"number": row.principle.number})
    sheet.append([safe_cell(f"{row.principle.number}. {row.principle.title}")])
    sheet.append([_("Score"), rounded(row.score)])
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


def _plan_sheet(workbook: Workbook, outcome: AssessmentOutcome) -> None:
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
