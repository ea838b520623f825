"""The dashboard, its chart and downloads, and the institution page's section (pages are
read in the default language, Azerbaijani: 1,40 is one point four)."""

import csv
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import InstitutionFactory, UserFactory, make_result

from .conftest import month, publish

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("supervision:dashboard")


@pytest.fixture
def sector(banks, questionnaire):
    """Sahil red for three months and strong on complaint handling; Dağ green, then yellow."""
    sahil, dag, duz = banks
    publish(month(0), {sahil: ("red", 1.5), dag: ("green", 0.5)})
    publish(month(1), {sahil: ("red", 1.6), dag: ("green", 0.6), duz: ("green", 0.2)})
    publish(month(2), {sahil: ("red", 1.4, "above_998"), dag: ("yellow", 1.0)})
    make_result(sahil, questionnaire, {1: 45, 5: 92.5})
    make_result(dag, questionnaire, {5: 60}, submitted_at=None)
    return banks


def test_the_regulator_sees_the_zone_map_warnings_and_claims(client_for, regulator, sector):
    page = client_for(regulator).get(DASHBOARD)
    assert page.status_code == 200
    text = page.content.decode()
    months = [cell.month for cell in page.context["zone_map"].lines[0].cells]
    assert months == [month(2), month(1), month(0)]
    assert [line.code for line in page.context["zone_map"].lines] == [
        "sahil-bank",
        "dag-bank",
        "duz-bank",
    ]
    # A cell leads to the published table it shows (its revision), and names what it is.
    month_url = reverse("public:month", kwargs={"kind": "bank", "month": "2026-01"})
    assert re.search(
        rf'href="{month_url}\?revision=1"><span class="visually-hidden">[^<]+, 2026-01: </span>'
        r"Qırmızı 1,40</a>",
        text,
    )
    assert reverse("institutions:detail", kwargs={"code": "sahil-bank"}) in text
    # Sahil: red 3 of 3, above the 99.8 % limit; Dağ moved up from green to yellow.
    warnings = [(row.line.code, row.warning.code) for row in page.context["warnings"]]
    assert warnings == [
        ("sahil-bank", "persistent_red"),
        ("sahil-bank", "above_998"),
        ("dag-bank", "zone_up"),
    ]
    [sahil, dag] = page.context["claims"]
    assert sahil.strong_but and not dag.strong_but
    assert "92,5%" in text
    assert reverse("supervision:quadrant_chart", kwargs={"kind": "bank"}) in text


def test_the_review_queue_links_to_the_assessments(client_for, regulator, sector):
    page = client_for(regulator).get(DASHBOARD)
    waiting = page.context["submitted"]
    assert len(waiting) == 2
    assert waiting[0].assessment.get_absolute_url() in page.content.decode()


def test_nothing_published_says_so(client_for, administrator):
    page = client_for(administrator).get(DASHBOARD)
    assert page.status_code == 200
    assert page.context["zone_map"].months == []
    assert 'class="table table-sm align-middle zone-map"' not in page.content.decode()


def test_the_kind_select_shows_another_kind(client_for, regulator, sector):
    insurer = InstitutionFactory(kind="insurer", code="sigorta")
    publish(month(0), {insurer: ("green", 0.3)}, kind="insurer")
    page = client_for(regulator).get(DASHBOARD, {"kind": "insurer"})
    assert page.context["kind"] == "insurer"
    assert [line.code for line in page.context["zone_map"].lines] == ["sigorta"]
    assert [value for value, _label in page.context["kinds"]] == ["bank", "insurer"]
    assert page.context["unpublished_kind"] == ""


def test_a_kind_without_tables_is_said_so_not_swapped_quietly(client_for, regulator, sector):
    page = client_for(regulator).get(DASHBOARD, {"kind": "credit_union"})
    assert page.context["kind"] == "bank"
    assert page.context["unpublished_kind"] == "Kredit ittifaqı"
    assert "(Kredit ittifaqı)" in page.content.decode()


@pytest.mark.parametrize("role", ["manager", "trainer"])
def test_managers_and_trainers_are_refused(client_for, role, sector):
    user = UserFactory(username=f"x-{role}", **{role: True})
    client = client_for(user)
    assert client.get(DASHBOARD).status_code == 403
    chart = reverse("supervision:quadrant_chart", kwargs={"kind": "bank"})
    assert client.get(chart).status_code == 403
    download = reverse(
        "supervision:download", kwargs={"kind": "bank", "what": "warnings", "fmt": "csv"}
    )
    assert client.get(download).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_dashboard_s_queries_do_not_grow_with_the_sector(client_for, regulator, questionnaire):
    client = client_for(regulator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD).status_code == 200
        return len(captured)

    banks = [InstitutionFactory(kind="bank") for _ in range(3)]
    publish(month(0), dict.fromkeys(banks, ("red", 1.5)))
    make_result(banks[0], questionnaire, {5: 90})
    small = queries()
    banks += [InstitutionFactory(kind="bank") for _ in range(8)]
    for n in range(1, 13):
        publish(month(n), {bank: ("yellow", 1 + i / 10) for i, bank in enumerate(banks)})
    for bank in banks[1:6]:
        make_result(bank, questionnaire, {5: 85})
    assert queries() == small


def test_the_quadrant_chart_is_an_svg_naming_the_institutions(client_for, regulator, sector):
    response = client_for(regulator).get(
        reverse("supervision:quadrant_chart", kwargs={"kind": "bank"})
    )
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "sahil-bank" in svg and "dag-bank" in svg and "duz-bank" not in svg


def test_the_quadrant_chart_without_points_is_still_a_chart(client_for, regulator):
    response = client_for(regulator).get(
        reverse("supervision:quadrant_chart", kwargs={"kind": "bank"})
    )
    assert response.status_code == 200
    assert response.content.startswith(b"<?xml")


def _download(client, what: str, fmt: str):
    url = reverse("supervision:download", kwargs={"kind": "bank", "what": what, "fmt": fmt})
    return client.get(url)


def test_the_zone_map_as_csv_has_codes_and_indices(client_for, regulator, sector):
    response = _download(client_for(regulator), "zone-map", "csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="supervision-zone-map-bank-2026-01.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "institution_code",
        "institution",
        "2026-01 zone",
        "2026-01 index",
        "2025-12 zone",
        "2025-12 index",
        "2025-11 zone",
        "2025-11 index",
    ]
    assert rows[1] == ["sahil-bank", "Sahil Bank", "red", "1.4", "red", "1.6", "red", "1.5"]
    assert rows[3] == ["duz-bank", "Düz Bank", "", "", "green", "0.2", "", ""]


def test_the_warnings_as_csv(client_for, regulator, sector):
    response = _download(client_for(regulator), "warnings", "csv")
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "institution_code",
        "institution",
        "month",
        "zone",
        "index",
        "warning",
        "reason",
    ]
    assert [row[:6] for row in rows[1:]] == [
        ["sahil-bank", "Sahil Bank", "2026-01", "red", "1.4", "persistent_red"],
        ["sahil-bank", "Sahil Bank", "2026-01", "red", "1.4", "above_998"],
        ["dag-bank", "Dağ Bank", "2026-01", "yellow", "1.0", "zone_up"],
    ]
    assert all(row[6] for row in rows[1:])


def test_the_warnings_and_the_zone_map_in_excel(client_for, regulator, sector):
    client = client_for(regulator)
    response = _download(client, "warnings", "xlsx")
    assert response["Content-Disposition"].endswith('warnings-bank-2026-01.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    # Headings in the reader's language, as the zone report's (the CSV keeps codes).
    assert rows[0][:5] == ("Kod", "Təşkilat", "Ay", "Zona", "İndeks")
    assert rows[1][:5] == ("sahil-bank", "Sahil Bank", "2026-01", "Qırmızı", 1.4)
    assert len(rows) == 4
    book = openpyxl.load_workbook(io.BytesIO(_download(client, "zone-map", "xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kod", "Təşkilat", "2026-01: zona")
    assert rows[2][:4] == ("dag-bank", "Dağ Bank", "Sarı", 1.0)


def test_unknown_downloads_are_not_found(client_for, regulator):
    client = client_for(regulator)
    assert _download(client, "zone-map", "pdf").status_code == 404
    assert _download(client, "everything", "csv").status_code == 404
    url = reverse(
        "supervision:download", kwargs={"kind": "bakery", "what": "warnings", "fmt": "csv"}
    )
    assert client.get(url).status_code == 404


def _section(client, code: str):
    page = client.get(reverse("institutions:detail", kwargs={"code": code}))
    assert page.status_code == 200
    return page.content.decode()


def test_the_institution_page_shows_its_position_to_the_regulator(
    client_for, regulator, sector, settings
):
    client = client_for(regulator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = _section(client, "sahil-bank")
    assert 'id="position-heading"' in text
    assert "1.40 (0.70–2.52)" in text  # the factory's interval: 0.5 × and 1.8 × the index
    assert "Above the limit of 99.8 %" in text
    assert "Red in 3 of the last 3 published months" in text
    assert "45.0%" in text and "92.5%" in text  # the principle scores


def test_the_institution_s_own_manager_sees_it_another_manager_does_not(client_for, sector):
    own = UserFactory(username="sahil-mgr", manager=True, institution=sector[0])
    assert 'id="position-heading"' in _section(client_for(own), "sahil-bank")
    other = UserFactory(username="dag-mgr", manager=True, institution=sector[1])
    page = client_for(other).get(reverse("institutions:detail", kwargs={"code": "sahil-bank"}))
    assert page.status_code == 403
    assert 'id="position-heading"' in _section(client_for(other), "dag-bank")


def test_a_trainer_sees_the_profile_without_the_position(client_for, trainer, sector):
    assert 'id="position-heading"' not in _section(client_for(trainer), "sahil-bank")


def test_a_month_without_the_institution_is_said_so(client_for, regulator, sector):
    text = _section(client_for(regulator), "duz-bank")
    assert "2026-01" in text
    assert text.count("zone zone-green") == 1  # only December 2025 lists it
