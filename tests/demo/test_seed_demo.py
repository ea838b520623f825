import itertools
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from accounts.models import Role, User
from assessments.models import (
    ActionItem,
    ActionStatus,
    Answer,
    Assessment,
    AssessmentEvent,
    AssessmentStatus,
    EventAction,
    Questionnaire,
    Topic,
)
from cohorts.models import Cohort
from complaints.index import Zone, ZoneRule, complaint_index
from complaints.models import ClientCount, Complaint, PeriodType, Publication, PublicationRow
from complaints.selectors import months_with_data, period_counts
from complaints.statistics import Funnel, funnel_label, funnel_limit, index_interval
from demo.generate_demo_data import (
    CHANCE,
    FALLING,
    MONTHS,
    PUBLISHED,
    RED_FOR_MONTHS,
    RISING,
    SIGNAL,
)
from institutions.models import Institution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_seed_demo_creates_the_accounts_and_institutions_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-passphrase")
    call_command("seed_demo")
    counts = (Institution.objects.count(), User.objects.count(), Questionnaire.objects.count())
    call_command("seed_demo")
    assert (
        Institution.objects.count(),
        User.objects.count(),
        Questionnaire.objects.count(),
    ) == counts
    assert counts[0] >= 6
    assert counts[2] == 1
    assert Institution.objects.filter(kind="bank").count() >= 3
    assert Institution.objects.filter(kind="nbco").count() >= 2

    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {"manager", "manager2", "regulator", "trainer", "admin"}
    assert users["manager"].role == Role.MANAGER
    assert users["manager"].institution != users["manager2"].institution
    assert users["manager"].institution.kind == "nbco"
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["regulator"].is_staff
    assert all(user.is_demo for user in users.values())
    assert users["trainer"].check_password("a-demo-passphrase")


def test_seed_demo_leaves_what_exists_as_it_was(monkeypatch):
    call_command("seed_demo")
    Institution.objects.filter(code="umid-mfi").update(phone="+994 00 000 00 00")
    manager = User.objects.get(username="manager")
    manager.set_password("changed-by-the-user")
    manager.save()
    monkeypatch.setenv("DEMO_PASSWORD", "another-passphrase")
    call_command("seed_demo")
    assert Institution.objects.get(code="umid-mfi").phone == "+994 00 000 00 00"
    assert User.objects.get(username="manager").check_password("changed-by-the-user")


def test_seed_demo_prints_the_accounts_and_the_password(capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "printed-passphrase")
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username in ("manager", "manager2", "regulator", "trainer", "admin"):
        assert username in out
    assert "printed-passphrase" in out


@override_settings(DEMO_ACCOUNTS_ALLOWED=False)
def test_seed_demo_is_refused_when_debug_is_off():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", verbosity=0)


def published_tables(kind: str) -> list[dict[str, PublicationRow]]:
    """The latest revision of each published calendar month of ``kind``, oldest first, as
    {institution code: row}."""
    publications = (
        Publication.objects.filter(kind=kind, period_type=PeriodType.MONTH)
        .latest_revisions()
        .order_by("month")
        .prefetch_related("rows")
    )
    return [{row.institution_code: row for row in p.rows.all()} for p in publications]


def test_seed_demo_twice_adds_no_data(seeded):
    models = (Complaint, ClientCount, Publication, PublicationRow, Assessment, Answer)
    models += (AssessmentEvent, ActionItem, Cohort)
    counts = [model.objects.count() for model in models]
    call_command("seed_demo", verbosity=0)
    assert [model.objects.count() for model in models] == counts
    # Modest, because every browser journey seeds the demo afresh.
    assert 5000 <= Complaint.objects.count() <= 6000


def test_the_demo_has_seventeen_banks_and_twelve_published_months_of_banks_and_nbcos(seeded):
    assert Institution.objects.filter(kind="bank").count() == 17
    sizes = sorted(
        ClientCount.objects.filter(institution__kind="bank", month=PUBLISHED[-1]).values_list(
            "active_clients", flat=True
        )
    )
    assert sizes[-1] >= 500_000 and sizes[-3] >= 300_000  # a few large banks
    assert sizes[0] <= 10_000 and sizes[3] <= 20_000  # and some small ones
    for kind in ("bank", "nbco"):
        published = Publication.objects.filter(kind=kind, period_type=PeriodType.MONTH)
        assert sorted(published.values_list("month", flat=True)) == PUBLISHED
        assert set(published.values_list("revision", flat=True)) == {1}
        assert all(p.published_at.date() > p.month for p in published)
        months = {month for month, _publication in months_with_data(kind=kind)}
        assert months == set(MONTHS)
    # October 2026 is complete and waits for the regulator; so does its rolling table.
    for period_type in (PeriodType.MONTH, PeriodType.ROLLING_12):
        counts = period_counts(month=MONTHS[-1], kind="bank", period_type=period_type)
        assert complaint_index(counts.values(), ZoneRule()).complete
    assert not Publication.objects.filter(month=MONTHS[-1]).exists()
    # Every bank has a client count each month, so each table's sector is all 17.
    for table in published_tables("bank"):
        publication = PublicationRow.objects.get(pk=next(iter(table.values())).pk).publication
        assert len(table) + publication.not_listed == 17


def test_the_published_bank_tables_show_the_supervision_scenarios(seeded):
    tables = published_tables("bank")
    assert len(tables) == 12
    latest, previous = tables[-1], tables[-2]

    # Zones move from month to month, and every month has banks in each zone.
    for before, after in itertools.pairwise(tables):
        assert any(before[code].zone != row.zone for code, row in after.items() if code in before)
    for table in tables:
        assert Counter(row.zone for row in table.values()).keys() == {"red", "yellow", "green"}

    # Red for months: red in at least four of the last six published months, and now.
    assert sum(table[RED_FOR_MONTHS].zone == Zone.RED for table in tables[-6:]) >= 4
    assert latest[RED_FOR_MONTHS].zone == Zone.RED

    # Up in each of the last three published months, and into another zone.
    rising = [table[RISING].index for table in tables[-4:]]
    assert all(later > earlier for earlier, later in itertools.pairwise(rising))
    assert (previous[RISING].zone, latest[RISING].zone) == (Zone.YELLOW, Zone.RED)
    assert (previous[FALLING].zone, latest[FALLING].zone) == (Zone.RED, Zone.YELLOW)

    # Signal: a large bank with a moderate index, above the 99.8 % funnel limit.
    signal = latest[SIGNAL]
    assert 1.25 <= signal.index <= 1.4
    assert signal.expected > 50
    assert signal.index > funnel_limit(signal.expected, 0.999)
    assert signal.funnel == Funnel.ABOVE_998
    assert signal.index_low > 1  # its 95 % interval leaves out the sector's rate

    # Chance: a small bank with a high index (red by the band rule) within the funnel.
    chance = latest[CHANCE]
    assert 1.8 <= chance.index <= 2.5
    assert chance.zone == Zone.RED
    assert chance.expected < 3
    assert chance.index < funnel_limit(chance.expected, 0.975)
    assert chance.funnel == Funnel.WITHIN
    assert chance.index_low < 1 < chance.index_high
    assert chance.index > signal.index

    # What was frozen agrees with the statistics module.
    for table in tables:
        for row in table.values():
            assert row.funnel == funnel_label(row.index, row.expected)
            low, high = index_interval(row.complaints, row.expected)
            assert (row.index_low, row.index_high) == (pytest.approx(low), pytest.approx(high))


def test_the_demo_manager_has_a_listed_zone_each_published_month(seeded):
    manager = User.objects.get(username="manager")
    tables = published_tables("nbco")
    assert len(tables) == 12
    assert all(manager.institution.code in table for table in tables)
    assert {code for table in tables for code in table} == {"umid-mfi", "bereket-mfi", "cicek-mfi"}


def complaint_handling_score(assessment: Assessment) -> float:
    return float(assessment.principle_scores.get(principle__topic=Topic.COMPLAINT_HANDLING).score)


def test_self_assessments_hold_strong_claims_against_red_zones(seeded):
    tables = published_tables("bank")
    latest = tables[-1]
    with_result = (
        Assessment.objects.with_result().for_period("2026").filter(institution__kind="bank")
    )
    assert with_result.count() >= 5
    assert with_result.filter(status=AssessmentStatus.ACCEPTED).count() >= 3

    def red_for_months(code: str) -> bool:
        return sum(code in t and t[code].zone == Zone.RED for t in tables[-6:]) >= 3

    strong_but_red = [
        assessment.institution.code
        for assessment in with_result
        if complaint_handling_score(assessment) >= 80
        and assessment.institution.code in latest
        and (
            latest[assessment.institution.code].zone == Zone.RED
            or red_for_months(assessment.institution.code)
        )
    ]
    assert strong_but_red == [RED_FOR_MONTHS]
    # Beside it, the large bank above the funnel rates its complaint handling lower.
    assert complaint_handling_score(with_result.get(institution__code=SIGNAL)) < 80


def test_the_review_queue_has_assessments_waiting_and_one_returned_with_notes(seeded):
    today = timezone.localdate()
    waiting = Assessment.objects.filter(
        status=AssessmentStatus.SUBMITTED, institution__kind="bank"
    ).order_by("submitted_at")
    days = [(today - timezone.localdate(a.submitted_at)).days for a in waiting]
    assert len(days) >= 2 and len(set(days)) == len(days) and min(days) >= 1
    assert all(a.events.get(action=EventAction.SUBMITTED).at == a.submitted_at for a in waiting)

    returned = Assessment.objects.get(status=AssessmentStatus.RETURNED)
    assert returned.institution.kind == "bank"
    assert returned.decided_by.username == "regulator"
    assert returned.events.get(action=EventAction.RETURNED).note
    assert returned.answers.exclude(review_note="").count() >= 1
    assert returned.submitted_at < returned.decided_at < timezone.now()

    # The training cohort's members keep their own 2026 results (and the manager's is unstarted).
    cohort = Cohort.objects.get()
    members = Assessment.objects.for_period("2026").filter(
        institution__in=cohort.institutions.all()
    )
    assert sorted(members.values_list("institution__code", flat=True)) == [
        "bereket-mfi",
        "cicek-mfi",
        "sheki-cu",
    ]


def test_the_demo_manager_has_an_accepted_assessment_with_action_items_due(seeded):
    manager = User.objects.get(username="manager")
    today = timezone.localdate()
    assessment = Assessment.objects.for_period("2025").get(institution=manager.institution)
    assert assessment.status == AssessmentStatus.ACCEPTED
    assert assessment.submitted_by == manager
    assert not Assessment.objects.for_period("2026").filter(institution=manager.institution)
    gaps = set(assessment.answers.exclude(response="meets").values_list("indicator", flat=True))
    items = list(assessment.action_items.all())
    assert {item.indicator_id for item in items} <= gaps
    open_items = [item for item in items if item.status != ActionStatus.DONE]
    overdue = [item for item in open_items if item.due_on < today]
    due_soon = [item for item in open_items if today <= item.due_on <= today + timedelta(days=30)]
    assert len(overdue) == 1
    assert len(due_soon) >= 2
    assert any(item.due_on > today + timedelta(days=30) for item in open_items)


def test_the_demo_shows_a_month_under_the_significance_rule_and_rolling_tables(seeded):
    from demo.management.commands.seed_demo import DEMO_SIGNIFICANCE

    kind, month = DEMO_SIGNIFICANCE
    june = Publication.objects.get(kind=kind, month=month, period_type=PeriodType.MONTH)
    assert june.method == "significance"
    rolling = Publication.objects.filter(kind="bank", period_type=PeriodType.ROLLING_12)
    assert sorted(rolling.values_list("month", flat=True)) == PUBLISHED[-2:]
    # Before August 2026 a rolling window reaches back past the demo's first client counts.
    early = period_counts(month=PUBLISHED[-3], kind="bank", period_type=PeriodType.ROLLING_12)
    assert not complaint_index(early.values(), ZoneRule()).complete
