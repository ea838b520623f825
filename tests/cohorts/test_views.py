import html
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role
from cohorts.models import Cohort
from tests.assessments.test_reports import pdf_text
from tests.cohorts.conftest import submitted
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def detail(cohort):
    return reverse("cohorts:detail", kwargs={"pk": cohort.pk})


def report(cohort, fmt, **params):
    url = reverse("cohorts:report", kwargs={"pk": cohort.pk, "fmt": fmt})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def test_a_trainer_creates_a_cohort_and_becomes_its_trainer(client_for, trainer):
    members = [InstitutionFactory(), InstitutionFactory()]
    response = client_for(trainer).post(
        reverse("cohorts:create"),
        {"name": "Gəncə qrupu", "description": "", "institutions": [m.pk for m in members]},
    )
    cohort = Cohort.objects.get(name="Gəncə qrupu")
    assert response["Location"] == detail(cohort)
    assert list(cohort.trainers.all()) == [trainer]
    assert set(cohort.institutions.all()) == set(members)


def test_a_form_error_keeps_what_was_typed(client_for, trainer, cohort):
    response = client_for(trainer).post(
        reverse("cohorts:create"), {"name": cohort.name, "description": "İkinci qrup"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "İkinci qrup" in content
    assert Cohort.objects.count() == 1


def test_who_may_open_and_change_a_cohort(client_for, cohort, regulator, other_manager):
    other_trainer = UserFactory(role=Role.TRAINER)
    member_manager = UserFactory(role=Role.MANAGER, institution=cohort.institutions.first())
    edit = reverse("cohorts:edit", kwargs={"pk": cohort.pk})
    assert client_for(other_trainer).get(detail(cohort)).status_code == 403
    assert client_for(other_trainer).get(report(cohort, "pdf")).status_code == 403
    assert client_for(other_trainer).get(edit).status_code == 403
    assert client_for(other_manager).get(detail(cohort)).status_code == 403
    assert client_for(other_manager).get(report(cohort, "xlsx")).status_code == 403
    assert client_for(regulator).get(detail(cohort)).status_code == 200
    assert client_for(regulator).get(edit).status_code == 403
    assert client_for(member_manager).get(detail(cohort)).status_code == 200
    assert client_for(member_manager).get(reverse("cohorts:create")).status_code == 403
    assert cohort not in client_for(other_trainer).get(reverse("cohorts:list")).context["cohorts"]


def test_the_cohort_page_shows_the_spread_and_every_member_best_first(
    client_for, cohort, trainer, english
):
    response = client_for(trainer).get(detail(cohort))
    outcome = response.context["outcome"]
    assert [m.label for m in outcome.members] == ["Üzv X BOKT", "Üzv Y BOKT", "Üzv Z BOKT"]
    assert [m.overall for m in outcome.members] == [100.0, 50.0, 0.0]
    first = outcome.spreads[0]
    assert (first.lowest, first.median, first.highest, first.mean) == (0.0, 50.0, 100.0, 50.0)
    assert outcome.cohort_size == 4
    assert not outcome.anonymised
    # Every indicator was answered "not met" by one member and "partially" by another.
    assert outcome.weakest[0].share == pytest.approx(50.0)
    assert (outcome.weakest[0].not_met, outcome.weakest[0].partial) == (1, 1)


def test_a_member_manager_sees_their_own_name_and_letters_for_the_others(
    client_for, cohort, small_questionnaire, english
):
    fifth = InstitutionFactory(**{f"name_{code}": "Üzv V BOKT" for code in ("az", "en", "ru")})
    cohort.institutions.add(fifth)
    submitted(fifth, small_questionnaire, ["meets", "meets", "not_met"])
    own = cohort.institutions.get(name_az="Üzv Y BOKT")
    manager = UserFactory(role=Role.MANAGER, institution=own)
    client = client_for(manager)
    client.cookies["django_language"] = "en"
    response = client.get(detail(cohort))
    labels = [m.label for m in response.context["outcome"].members]
    assert labels == ["Institution A", "Institution B", "Üzv Y BOKT", "Institution C"]
    content = response.content.decode()
    for other in ("Üzv X BOKT", "Üzv Z BOKT", "Üzv V BOKT"):
        assert other not in content
    text = pdf_text(client.get(report(cohort, "pdf", lang="en")).content)
    assert "Institution A" in text and "Institution C" in text
    assert "Üzv X BOKT" not in text and "Üzv Z BOKT" not in text


def test_fewer_than_three_unnamed_results_are_withheld(client_for, cohort, english):
    own = cohort.institutions.get(name_az="Üzv Y BOKT")
    manager = UserFactory(role=Role.MANAGER, institution=own)
    client = client_for(manager)
    client.cookies["django_language"] = "en"
    response = client.get(detail(cohort))
    outcome = response.context["outcome"]
    # Two others have results: with their scores beside one's own, one would know whose.
    assert [m.label for m in outcome.members] == ["Üzv Y BOKT"]
    assert outcome.withheld == 2
    assert outcome.spreads[0].scores == [50.0]
    assert "2 other institutions' results are not shown" in html.unescape(response.content.decode())
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(report(cohort, "xlsx", lang="en")).content)
    )
    rows = [r for r in workbook["Institutions"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert [row[0] for row in rows] == ["Üzv Y BOKT"]


def test_the_cohort_pdf_names_members_for_the_trainer_and_letters_when_asked(
    client_for, cohort, trainer
):
    client = client_for(trainer)
    response = client.get(report(cohort, "pdf", lang="az"))
    assert response.status_code == 200
    assert f'filename="cohort-{cohort.pk}-2026-az.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Təlim qrupu" in text
    for name in ("Üzv X BOKT", "Üzv Y BOKT", "Üzv Z BOKT"):
        assert name in text
    assert "Prinsip 1" in text
    anonymous = client.get(report(cohort, "pdf", lang="en", anonymous=1))
    assert "anonymised" in anonymous["Content-Disposition"]
    text = pdf_text(anonymous.content)
    assert "Üzv" not in text
    assert re.search(r"Institution A .*Institution B .*Institution C", text)


def test_the_cohort_excel_holds_every_members_scores_as_numbers(client_for, cohort, trainer):
    response = client_for(trainer).get(report(cohort, "xlsx", lang="en"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Institutions", "Weakest indicators"]
    rows = list(workbook["Institutions"].iter_rows(values_only=True))
    assert rows[0][0] == "Institution"
    assert [row[:4] for row in rows[1:4]] == [
        ("Üzv X BOKT", 100.0, 100.0, 100.0),
        ("Üzv Y BOKT", 50.0, 50.0, 50.0),
        ("Üzv Z BOKT", 0.0, 0.0, 0.0),
    ]
    assert len(workbook["Institutions"]._charts) == 1


def test_an_unknown_selection_is_not_found_and_an_empty_cohort_says_so(client_for, trainer, cohort):
    client = client_for(trainer)
    assert client.get(detail(cohort) + "?results=999:2026").status_code == 404
    empty = Cohort.objects.create(name="Boş qrup")
    empty.trainers.add(trainer)
    response = client.get(detail(empty))
    assert response.context["outcome"] is None
    assert client.get(report(empty, "pdf")).status_code == 404


def test_the_results_parameter_names_the_period_by_its_label(
    client_for, trainer, cohort, small_questionnaire
):
    member = cohort.institutions.get(name_az="Üzv W BOKT")
    submitted(member, small_questionnaire, ["meets"], period="2026-H1")
    client = client_for(trainer)
    wanted = f"{small_questionnaire.pk}:2026-H1"
    response = client.get(detail(cohort) + f"?results={wanted}")
    assert response.context["selected"][1] == "2026-H1"
    assert [m.label for m in response.context["outcome"].members] == ["Üzv W BOKT"]
    report_response = client.get(report(cohort, "xlsx", results=wanted))
    assert (
        f'filename="cohort-{cohort.pk}-2026-H1-az.xlsx"' in report_response["Content-Disposition"]
    )
    for other in ("2026-h1", "2026-Q1", "H1", "2026-01-01/2026-06-30"):
        url = detail(cohort) + f"?results={small_questionnaire.pk}:{other}"
        assert client.get(url).status_code == 404, other
