"""The published tables: no login, a permanent address per month, the downloads."""

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from complaints.models import ClientCount, Publication
from tests.complaints.test_views_regulator import (
    MONTH,
    publish_october,
)

pytestmark = pytest.mark.django_db


def test_month_is_computed_published_and_public(client, client_for, regulator, banks):
    staff = client_for(regulator)
    page = staff.get(MONTH)
    assert page.context["zone_counts"]["red"] == 0
    response = publish_october(staff)
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.revision, publication.method, str(publication.lower)) == (
        1,
        "band",
        "0.800",
    )
    staff.logout()

    public = client.get(reverse("public:month", kwargs={"kind": "bank", "month": "2026-10"}))
    assert public.status_code == 200
    assert public.context["counts"] == {"red": 1, "yellow": 0, "green": 1}
    assert public.context["rows"][0]["institution"].institution_code == "sirvan"

    csv_file = client.get(
        reverse("public:download", kwargs={"kind": "bank", "month": "2026-10", "fmt": "csv"})
    )
    lines = csv_file.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == [
        "month",
        "institution_code",
        "institution",
        "complaints",
        "complaint_share",
        "clients",
        "client_share",
        "expected",
        "index",
        "index_low",
        "index_high",
        "funnel",
        "zone",
    ]
    assert lines[1].startswith("2026-10,sirvan,'=Şirvan Bank,1,0.5,10000,0.2,0.4,2.5,0.06")
    assert lines[1].endswith(",within,red")
    data = json.loads(
        client.get(
            reverse("public:download", kwargs={"kind": "bank", "month": "2026-10", "fmt": "json"})
        ).content
    )
    assert data[1] == {
        "month": "2026-10",
        "institution_code": "gence",
        "institution": "Gəncə Bank",
        "complaints": 1,
        "complaint_share": 0.5,
        "clients": 40000,
        "client_share": 0.8,
        "expected": 1.6,
        "index": 0.625,
        # Garwood for one complaint over E = 1.6: χ²(0.025; 2) / 3.2 and χ²(0.975; 4) / 3.2.
        "index_low": pytest.approx(0.02532 / 1.6, rel=1e-3),
        "index_high": pytest.approx(5.5716 / 1.6, rel=1e-3),
        "funnel": "within",
        "zone": "green",
    }
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            client.get(
                reverse(
                    "public:download", kwargs={"kind": "bank", "month": "2026-10", "fmt": "xlsx"}
                )
            ).content
        )
    )
    sheet = workbook.active
    assert (sheet["D2"].value, sheet["I2"].value, sheet["C2"].value) == (1, 2.5, "=Şirvan Bank")
    assert sheet["C2"].data_type == "s" and sheet["C2"].quotePrefix


def test_public_pages_need_no_login_and_unknown_months_are_404(client):
    assert client.get(reverse("public:index")).status_code == 200
    assert (
        client.get(reverse("public:month", kwargs={"kind": "bank", "month": "2020-01"})).status_code
        == 404
    )
    assert ClientCount.objects.count() == 0


def test_renaming_an_institution_does_not_rewrite_a_published_table(
    client, client_for, regulator, banks
):
    from institutions.models import Institution

    publish_october(client_for(regulator))
    Institution.objects.filter(code="gence").update(name_az="Yeni Ad Bank", code="new-code")
    page = client.get(reverse("public:month", kwargs={"kind": "bank", "month": "2026-10"}))
    content = page.content.decode()
    assert "Gəncə Bank" in content and "Yeni Ad Bank" not in content
    csv_file = client.get(
        reverse("public:download", kwargs={"kind": "bank", "month": "2026-10", "fmt": "csv"})
    ).content.decode("utf-8-sig")
    assert ",gence,Gəncə Bank," in csv_file
