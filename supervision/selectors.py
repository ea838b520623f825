"""What the supervision pages read: the published calendar-month tables of one kind (latest
revisions, frozen rows) over the last 12 months, each institution's warnings, its latest
self-assessment beside its latest zone, and the assessments waiting for a review.

Built from published rows only, never from raw complaints, in a fixed number of queries
whatever the number of institutions and months."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, OuterRef, QuerySet, Subquery

from assessments.models import (
    NEWEST_PERIOD_FIRST,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    PrincipleScore,
    Topic,
)
from assessments.scoring import Band, band_for
from complaints.models import PeriodType, Publication, PublicationRow
from institutions.models import Institution, Kind
from smartportal.i18n import localized

from .warnings import EarlyWarning, Position, StrongBut, early_warnings, strong_but

MAP_MONTHS = 12
# The institution's own claims: an external assessment is an assessor's verdict.
SELF_ASSESSED = (AssessmentKind.SELF, AssessmentKind.ACCOMPANIED)
ROW_FIELDS = (
    "publication_id",
    "institution_id",
    "institution_code",
    "name_az",
    "name_en",
    "name_ru",
    "complaints",
    "expected",
    "index",
    "index_low",
    "index_high",
    "funnel",
    "zone",
)


@dataclass(frozen=True)
class Cell:
    """An institution's row in one published month."""

    month: datetime.date
    revision: int  # of the month's table the row is from
    zone: str
    index: float
    index_low: float
    index_high: float
    funnel: str
    complaints: int
    expected: float

    @property
    def position(self) -> Position:
        return Position(zone=self.zone, index=self.index, funnel=self.funnel)


@dataclass
class Line:
    """One institution across the months of a zone map: ``cells`` newest first, ``None`` where
    a month's table did not list it."""

    institution_id: int
    code: str
    name: str
    cells: list[Cell | None]
    warnings: list[EarlyWarning] = field(default_factory=list)

    @property
    def latest(self) -> Cell | None:
        return self.cells[0] if self.cells else None

    @property
    def positions(self) -> list[Position | None]:
        """Oldest first, as the warnings read them."""
        return [cell.position if cell else None for cell in reversed(self.cells)]


@dataclass
class ZoneMap:
    kind: str
    months: list[datetime.date]  # newest first
    lines: list[Line]

    @property
    def latest_month(self) -> datetime.date | None:
        return self.months[0] if self.months else None


def published_kinds() -> list[str]:
    """The kinds with at least one published calendar-month table, in the kinds' order."""
    found = set(
        Publication.objects.filter(period_type=PeriodType.MONTH)
        .order_by()
        .values_list("kind", flat=True)
        .distinct()
    )
    return [kind for kind in Kind.values if kind in found]


def kind_chosen(*, wanted: str | None, kinds: list[str]) -> str:
    """The kind asked for if it has tables, else banks if they have, else the first that has."""
    if wanted in kinds:
        return wanted
    return Kind.BANK if Kind.BANK in kinds or not kinds else kinds[0]


def _month_publications(*, kind: str, months: int) -> dict[int, tuple[datetime.date, int]]:
    """The latest revision of each of the last ``months`` published months:
    id -> (month, revision)."""
    publications = (
        Publication.objects.filter(kind=kind, period_type=PeriodType.MONTH)
        .latest_revisions()
        .order_by("-month")
        .values_list("pk", "month", "revision")[:months]
    )
    return {pk: (month, revision) for pk, month, revision in publications}


def _rows(publication_ids: list[int], institution_id: int | None) -> QuerySet[PublicationRow]:
    rows = PublicationRow.objects.filter(publication_id__in=publication_ids)
    if institution_id is not None:
        rows = rows.filter(institution_id=institution_id)
    return rows.only(*ROW_FIELDS).annotate(current_code=F("institution__code")).order_by()


def _cell(row: PublicationRow, month: datetime.date, revision: int) -> Cell:
    return Cell(
        month=month,
        revision=revision,
        zone=row.zone,
        index=row.index,
        index_low=row.index_low,
        index_high=row.index_high,
        funnel=row.funnel,
        complaints=row.complaints,
        expected=row.expected,
    )


def _sort_key(line: Line) -> tuple:
    """The latest month's highest index first; those it did not list after, by name."""
    latest = line.latest
    return (latest is None, -(latest.index if latest else 0), line.name.casefold())


def zone_map(*, kind: str, months: int = MAP_MONTHS, institution_id: int | None = None) -> ZoneMap:
    """Institutions × the last ``months`` published months of ``kind`` (two queries); only
    one institution's line if ``institution_id`` is given."""
    publications = _month_publications(kind=kind, months=months)
    columns = sorted((month for month, _revision in publications.values()), reverse=True)
    position = {month: i for i, month in enumerate(columns)}
    lines: dict[int, Line] = {}
    newest: dict[int, datetime.date] = {}
    for row in _rows(list(publications), institution_id):
        month, revision = publications[row.publication_id]
        line = lines.get(row.institution_id)
        if line is None:
            line = lines[row.institution_id] = Line(
                row.institution_id, row.current_code, "", [None] * len(columns)
            )
        line.cells[position[month]] = _cell(row, month, revision)
        # The name as the newest table that lists the institution published it.
        if month >= newest.get(row.institution_id, month):
            newest[row.institution_id] = month
            line.name = localized(row, "name")
    for line in lines.values():
        line.warnings = early_warnings(line.positions)
    return ZoneMap(kind=kind, months=columns, lines=sorted(lines.values(), key=_sort_key))


@dataclass
class Claim:
    """An institution's latest assessment with a result beside its latest published row."""

    line: Line
    assessment_id: int
    period_label: str
    handling_score: Decimal | None
    reasons: list[StrongBut]

    @property
    def band(self) -> Band | None:
        return band_for(self.handling_score)

    @property
    def latest(self) -> Cell:
        return self.line.latest


def latest_assessments(institution_ids: list[int]) -> QuerySet[Assessment]:
    """Each institution's latest self-assessment with a result (latest period; of two, the
    one submitted last; accompanied ones too): the institution's own claim, not an external
    assessor's verdict; with its
    complaint-handling score as ``handling_score`` (None when its
    questionnaire marks no principle as complaint handling, or scores it not applicable)."""
    newest = (
        Assessment.objects.with_result()
        .filter(institution_id=OuterRef("institution_id"), kind__in=SELF_ASSESSED)
        .order_by(*NEWEST_PERIOD_FIRST, "-submitted_at", "-pk")
        .values("pk")[:1]
    )
    handling = PrincipleScore.objects.filter(
        assessment_id=OuterRef("pk"), principle__topic=Topic.COMPLAINT_HANDLING
    ).values("score")[:1]
    return (
        Assessment.objects.filter(institution_id__in=institution_ids, pk=Subquery(newest))
        .annotate(handling_score=Subquery(handling))
        .order_by()
    )


def claims(*, zone_map: ZoneMap) -> list[Claim]:
    """Every institution listed in the latest published month that has an assessment with a
    result, in the zone map's order (one query)."""
    listed = {line.institution_id: line for line in zone_map.lines if line.latest is not None}
    found = {a.institution_id: a for a in latest_assessments(list(listed))}
    return [
        Claim(
            line=line,
            assessment_id=found[pk].pk,
            period_label=found[pk].period_label,
            handling_score=found[pk].handling_score,
            reasons=strong_but(handling_score=found[pk].handling_score, months=line.positions),
        )
        for pk, line in listed.items()
        if pk in found
    ]


@dataclass(frozen=True)
class Waiting:
    assessment: Assessment
    days: int


def review_queue(*, today: datetime.date) -> tuple[list[Waiting], list[Waiting]]:
    """Submitted assessments waiting for a review (oldest first, days since submission), and
    returned ones waiting for their institution (days since returned); one query."""
    waiting = (
        Assessment.objects.filter(
            status__in=(AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED)
        )
        .select_related("institution", "questionnaire")
        .order_by("submitted_at", "pk")
    )
    submitted, returned = [], []
    for assessment in waiting:
        if assessment.status == AssessmentStatus.SUBMITTED:
            since = assessment.submitted_at
            submitted.append(Waiting(assessment, _days(since, today)))
        else:
            since = assessment.decided_at or assessment.submitted_at
            returned.append(Waiting(assessment, _days(since, today)))
    returned.sort(key=lambda waiting: -waiting.days)
    return submitted, returned


def _days(since: datetime.datetime | None, today: datetime.date) -> int:
    return (today - since.date()).days if since else 0


@dataclass
class InstitutionPosition:
    line: Line | None
    months: list[datetime.date]
    assessment: Assessment | None
    scores: list[PrincipleScore]


def institution_position(*, institution: Institution) -> InstitutionPosition:
    """The institution's last 12 published months (its line, if any table lists it), and its
    latest assessment with a result and that assessment's principle scores."""
    found = zone_map(kind=institution.kind, institution_id=institution.pk)
    line = found.lines[0] if found.lines else None
    assessment = latest_assessments([institution.pk]).select_related("questionnaire").first()
    scores = (
        list(assessment.principle_scores.select_related("principle").order_by("principle__number"))
        if assessment
        else []
    )
    return InstitutionPosition(line, found.months, assessment, scores)
