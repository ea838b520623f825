import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import ActionItem, Assessment
from assessments.services import (
    ReviewEntry,
    answers_save,
    assessment_decide,
    assessment_start,
    review_save,
)
from cohorts.models import Cohort
from complaints.models import ClientCount, Complaint, ComplaintCategory, ZoneRule
from complaints.publications import publication_publish
from tests.assessments.test_reports import submit
from tests.assessments.test_services import answer_all, entry, indicators_of
from tests.cohorts.conftest import submitted
from tests.conftest import PASSWORD
from tests.factories import InstitutionFactory, UserFactory, make_questionnaire

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role_fixture", "template", "text"),
    [
        ("manager", "home/home_manager.html", "Ümid Test BOKT"),
        ("regulator", "supervision/dashboard.html", "Nəzarət"),
        ("trainer", "home/home_trainer.html", "Təlim"),
        ("administrator", "home/home_admin.html", "İdarəetmə"),
    ],
)
def test_each_role_lands_on_its_own_home_page_after_login(
    request, client, role_fixture, template, text
):
    user = request.getfixturevalue(role_fixture)
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    home = reverse("supervision:dashboard") if role_fixture == "regulator" else reverse("home")
    assert response.redirect_chain[-1][0] == home
    assert template in [t.name for t in response.templates]
    assert text in response.content.decode()


def test_navigation_shows_what_the_role_may_do(client_for, manager, regulator):
    manager_page = client_for(manager).get(reverse("home")).content.decode()
    assert f'href="{reverse("institutions:list")}"' not in manager_page
    assert reverse("institutions:detail", kwargs={"code": "umid-test"}) in manager_page
    regulator_page = client_for(regulator).get(reverse("home"), follow=True).content.decode()
    assert f'href="{reverse("institutions:list")}"' in regulator_page
    assert reverse("admin:index") not in regulator_page


# The manager's home -------------------------------------------------------------------------

SEPTEMBER, OCTOBER = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


def in_english(client, user):
    """Logged in as ``user``, reading English (the new texts' translations come later)."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def home_page(client, user) -> str:
    return in_english(client, user).get(reverse("home")).content.decode()


def returned_with_notes(institution, questionnaire, period, manager, reviewer, note):
    """An assessment submitted, given a reviewer's note on its first answer and returned."""
    assessment = submit(institution, questionnaire, period, manager, "partial")
    first = indicators_of(assessment)[0]
    review_save(
        assessment=assessment,
        entries=[ReviewEntry(indicator=first, verdict="partial", note="Sənəd yoxdur")],
        by=reviewer,
    )
    assessment_decide(assessment=assessment, accept=False, note=note, by=reviewer)
    return assessment


def action_item(assessment, position, what, days, status="open"):
    return ActionItem.objects.create(
        assessment=assessment,
        indicator=indicators_of(assessment)[position],
        what=what,
        responsible="Hüquq şöbəsi",
        due_on=timezone.localdate() + datetime.timedelta(days=days),
        status=status,
    )


def counted_complaints(institution, month, number):
    category = ComplaintCategory.objects.get(code="loans")
    Complaint.objects.bulk_create(
        Complaint(institution=institution, received_on=month, channel="oral", category=category)
        for _ in range(number)
    )


def publish(month, kind, by):
    return publication_publish(
        month=month,
        kind=kind,
        period_type="month",
        zone_rule=ZoneRule.objects.get(is_default=True),
        by=by,
    )


@pytest.fixture
def managers_world(
    institution, other_institution, manager, other_manager, regulator, small_questionnaire
):
    """Ümid: a 2026 draft with 4 of 6 answers, a 2025 assessment returned with notes and its
    action plan; Bərəkət: its own of each, which Ümid's manager must never see. September's
    table lists both (Ümid 3 complaints, Bərəkət 1, 100 clients each)."""
    draft = assessment_start(
        institution=institution,
        questionnaire=small_questionnaire,
        period="2026",
        kind="self",
        by=manager,
    )
    answers_save(
        assessment=draft,
        entries=[entry(i, "meets") for i in indicators_of(draft)[:4]],
        by=manager,
    )
    returned = returned_with_notes(
        institution, small_questionnaire, "2025", manager, regulator, "Şikayət siyasətini yeniləyin"
    )
    action_item(returned, 0, "Şikayət reyestrini açmaq", -3)
    action_item(returned, 1, "Əməkdaşları öyrətmək", 10, status="in_progress")
    action_item(returned, 2, "Saytı yeniləmək", 60)
    action_item(returned, 3, "Broşür çap etmək", -5, status="done")
    theirs = returned_with_notes(
        other_institution, small_questionnaire, "2025", other_manager, regulator, "Başqa qeyd"
    )
    action_item(theirs, 0, "Başqasının bəndi", -1)
    for bank in (institution, other_institution):
        ClientCount.objects.create(institution=bank, month=SEPTEMBER, active_clients=100)
    counted_complaints(institution, SEPTEMBER, 3)
    counted_complaints(other_institution, SEPTEMBER, 1)
    publish(SEPTEMBER, institution.kind, regulator)
    return draft, returned


def test_the_manager_sees_their_progress_returned_notes_and_items_due(
    client, manager, managers_world
):
    draft, returned = managers_world
    page = home_page(client, manager)
    assert "4 of 6 answered" in page
    assert 'value="4" max="6"' in page
    assert reverse("assessments:fill", kwargs={"pk": draft.pk, "number": 2}) in page
    assert "Continue with principle 2" in page
    assert "Şikayət siyasətini yeniləyin" in page
    assert "1 answer carries a reviewer's note." in page
    assert returned.get_absolute_url() in page
    assert "Overdue</span> <strong>1.1</strong>" in page
    assert "Əməkdaşları öyrətmək" in page
    assert page.count("Overdue") == 1
    assert "Saytı yeniləmək" not in page  # due in 60 days
    assert "Broşür çap etmək" not in page  # done
    assert "Başqa qeyd" not in page
    assert "Başqasının bəndi" not in page


def test_a_finished_draft_offers_to_check_and_submit_and_no_draft_says_so(
    client, manager, managers_world
):
    draft, returned = managers_world
    answer_all(draft, manager)
    page = home_page(client, manager)
    assert "6 of 6 answered" in page
    assert reverse("assessments:submit", kwargs={"pk": draft.pk}) in page
    draft.delete()
    # The returned 2025 assessment, every answer given, is now the one being changed.
    page = home_page(client, manager)
    assert reverse("assessments:submit", kwargs={"pk": returned.pk}) in page
    Assessment.objects.all().delete()
    page = home_page(client, manager)
    assert "No self-assessment is being filled in at the moment." in page
    assert "No assessment is waiting for your changes." in page
    assert "No action-plan item is overdue or due within 30 days." in page


def test_the_manager_sees_their_latest_zone_with_its_interval(client, manager, managers_world):
    page = home_page(client, manager)
    # Ümid: O = 3, E = 4 × 100 / 200 = 2, index 1.5; Garwood: χ²(0.025; 6) / 4 = 0.31,
    # χ²(0.975; 8) / 4 = 4.38; red above 1.2; inside the funnel at E = 2.
    assert "Index and its interval (95 %)</dt>" in page
    assert "1.50 (0.31–4.38)" in page
    assert '<span class="zone zone-red">Red</span>' in page
    assert "Within the limits" in page
    assert "The latest published month: 2026-09" in page
    assert reverse("complaints:institution", kwargs={"code": "umid-test"}) in page
    assert reverse("public:month", kwargs={"kind": "nbco", "month": "2026-09"}) in page
    assert "Bərəkət" not in page


def test_a_manager_whose_institution_the_latest_month_does_not_list_sees_so(
    client, institution, manager, other_manager, regulator, managers_world
):
    for bank in (institution, other_manager.institution):
        ClientCount.objects.create(institution=bank, month=OCTOBER, active_clients=100)
    counted_complaints(institution, OCTOBER, 2)
    publish(OCTOBER, institution.kind, regulator)
    page = home_page(client, other_manager)
    assert "Your institution is not listed in the latest published table of its kind" in page
    assert "zone-" not in page
    assert "2026-09" not in page
    assert "Ümid" not in page
    assert "The latest published month: 2026-10" in home_page(client, manager)


def test_the_managers_home_takes_the_same_queries_however_much_there_is(
    client, institution, manager, regulator, small_questionnaire, managers_world
):
    in_english(client, manager)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))
    for period in ("2024", "2024-H1", "2024-H2"):
        more = returned_with_notes(
            institution, small_questionnaire, period, manager, regulator, "Yenə"
        )
        action_item(more, 0, "Daha bir bənd", -2)
        action_item(more, 1, "Və bir də", 5)
    with CaptureQueriesContext(connection) as second:
        page = client.get(reverse("home")).content.decode()
    assert page.count("Yenə") == 3
    assert len(second) == len(first)


# The trainer's home -------------------------------------------------------------------------


def cohort_of(name, members, *trainers):
    cohort = Cohort.objects.create(name=name)
    cohort.institutions.set(members)
    cohort.trainers.set(trainers)
    return cohort


def section_of(page: str, cohort) -> str:
    start = page.index(f'id="cohort-{cohort.pk}-heading"')
    end = page.find('<section class="card mb-3"', start)
    return page[start:end]


def test_the_trainer_sees_only_their_cohorts_with_the_latest_medians(
    client, trainer, small_questionnaire
):
    """Responses go to indicators 1.1-1.3 and 2.1-2.3 in order; meets 2, partial 1, not met 0
    points, not applicable left out."""
    m1, m2, m3, m4, m5 = (
        InstitutionFactory(**{f"name_{code}": f"Üzv {n} BOKT" for code in ("az", "en", "ru")})
        for n in range(1, 6)
    )
    submitted(m1, small_questionnaire, ["meets"] * 4 + ["partial", "not_met"])  # 100, 50
    submitted(m2, small_questionnaire, ["partial"] * 3 + ["meets", "meets", "partial"])  # 50, 83.33
    submitted(m3, small_questionnaire, ["not_met", "partial", "meets"] + ["not_met"] * 3)  # 50, 0
    submitted(m4, small_questionnaire, ["meets", "meets", "partial", "meets", "not_met", "na"])
    submitted(m4, small_questionnaire, ["not_met"], period="2025")  # earlier: left out
    first = cohort_of("Birinci qrup", [m1, m2, m3, m4, m5], trainer)
    second = cohort_of("İkinci qrup", [m1, m3], trainer)
    cohort_of("Başqa qrup", [m2], UserFactory(username="trn2", trainer=True))
    page = home_page(client, trainer)
    assert "Başqa qrup" not in page
    one = section_of(page, first)
    assert "Üzv 1 BOKT, Üzv 2 BOKT, Üzv 3 BOKT, Üzv 4 BOKT, Üzv 5 BOKT" in one
    assert "4 of 5 members have a result for the latest period." in one
    assert "Median score per principle, 2026 (Test questionnaire)" in one
    # Principle 1: 50, 50, 83.33, 100 → 66.67; principle 2: 0, 50, 50, 83.33 → 50.
    assert re.findall(r'<td class="text-end">([\d.]+%)</td>', one) == ["66.7%", "50.0%"]
    assert reverse("cohorts:detail", kwargs={"pk": first.pk}) in one
    two = section_of(page, second)
    # Principle 1: 100, 50 → 75; principle 2: 50, 0 → 25.
    assert re.findall(r'<td class="text-end">([\d.]+%)</td>', two) == ["75.0%", "25.0%"]


def test_a_trainer_without_cohorts_or_results_is_told_so(client, trainer):
    assert "You do not work with any cohort yet." in home_page(client, trainer)
    cohort_of("Yeni qrup", [InstitutionFactory()], trainer)
    page = home_page(client, trainer)
    assert "No institution of the cohort has submitted an assessment yet." in page


def test_the_trainers_home_takes_the_same_queries_however_many_cohorts_and_members(
    client, trainer, small_questionnaire, django_assert_num_queries
):
    members = [InstitutionFactory() for _ in range(2)]
    for member in members:
        submitted(member, small_questionnaire, ["meets", "partial"])
    cohort_of("Birinci qrup", members, trainer)
    in_english(client, trainer)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))
    later = make_questionnaire(code="other-q", principles=3)
    for number in range(2):
        group = [InstitutionFactory() for _ in range(4)]
        for member in group:
            submitted(member, small_questionnaire if number else later, ["partial"])
        cohort_of(f"Qrup {number}", [*members, *group], trainer)
    with django_assert_num_queries(len(first)):
        page = client.get(reverse("home")).content.decode()
    assert page.count("members have a result for the latest period") == 3
