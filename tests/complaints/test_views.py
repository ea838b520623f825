import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from complaints.models import REASON_LABELS, ClientCount, Complaint, Publication, ZoneRule
from smartportal.tabular import ImportRejected
from tests.complaints.test_importers import HEADER, ROWS
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

COUNTS = "institution_code,month,active_clients\nsirvan,2026-10,10000\ngence,2026-10,40000\n"
MONTH = reverse("complaints:month", kwargs={"kind": "bank", "month": "2026-10"})


@pytest.fixture
def banks():
    return [
        InstitutionFactory(code="sirvan", kind="bank", name_az="=Şirvan Bank", name_en="Shirvan"),
        InstitutionFactory(code="gence", kind="bank", name_az="Gəncə Bank", name_en="Ganja"),
    ]


def upload(client, what, content, name="data.csv"):
    preview = client.post(
        reverse("complaints:upload"),
        {"what": what, "file": SimpleUploadedFile(name, content.encode("utf-8"))},
    )
    assert preview.status_code == 200
    summary = preview.context.get("summary")
    if summary is None:
        return preview
    confirm = client.post(
        reverse("complaints:upload"),
        {"confirm": "1", "token": preview.context["token"], "what": what, "original": name},
    )
    return preview, confirm


def test_regulator_previews_then_imports(client_for, regulator, banks):
    client = client_for(regulator)
    preview = client.post(
        reverse("complaints:upload"),
        {
            "what": "complaints",
            "file": SimpleUploadedFile("c.csv", "\n".join([HEADER, *ROWS]).encode()),
        },
    )
    summary = preview.context["summary"]
    assert (summary.rows, summary.counted, summary.excluded["repeat"]) == (5, 2, 1)
    assert not Complaint.objects.exists()
    confirm = client.post(
        reverse("complaints:upload"),
        {
            "confirm": "1",
            "token": preview.context["token"],
            "what": "complaints",
            "original": "c.csv",
        },
    )
    assert confirm.status_code == 302
    assert Complaint.objects.count() == 5


def test_a_bad_file_lists_its_rows_and_saves_nothing(client_for, regulator, banks):
    response = upload(
        client_for(regulator), "complaints", HEADER + "\nnobank,2026-10-02,oral,cards,,,\n"
    )
    assert response.context["error_count"] == 1
    assert "nobank" in response.content.decode()
    assert not Complaint.objects.exists()


def test_managers_cannot_reach_the_regulators_pages(client_for, manager, banks):
    client = client_for(manager)
    for url in (
        reverse("complaints:upload"),
        reverse("complaints:home"),
        MONTH,
        reverse("complaints:template", kwargs={"name": "complaints"}),
    ):
        assert client.get(url).status_code == 403


def default_rule() -> int:
    return ZoneRule.objects.get(is_default=True).pk


def publish_october(client):
    upload(client, "complaints", "\n".join([HEADER, *ROWS]))
    upload(client, "client_counts", COUNTS)
    return client.post(MONTH, {"rule": default_rule(), "note": ""})


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
        "index",
        "zone",
    ]
    assert lines[1].startswith("2026-10,sirvan,'=Şirvan Bank,1,0.5,10000,0.2,2.5,red")
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
        "index": 0.625,
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
    assert (sheet["D2"].value, sheet["H2"].value, sheet["C2"].value) == (1, 2.5, "=Şirvan Bank")
    assert sheet["C2"].data_type == "s" and sheet["C2"].quotePrefix


def test_a_published_month_never_changes_and_later_data_shows_a_difference(
    client_for, regulator, banks
):
    staff = client_for(regulator)
    publish_october(staff)
    upload(staff, "client_counts", COUNTS.replace("40000", "90000"))
    page = staff.get(MONTH)
    assert page.context["differs"] is True
    row = Publication.objects.get().rows.get(institution__code="gence")
    assert row.clients == 40000
    staff.post(MONTH, {"rule": default_rule(), "note": "Müştəri sayı düzəldildi"})
    assert list(Publication.objects.values_list("revision", flat=True).order_by("revision")) == [
        1,
        2,
    ]


def test_a_month_with_complaints_but_no_client_count_cannot_be_published(
    client_for, regulator, banks
):
    staff = client_for(regulator)
    upload(staff, "complaints", "\n".join([HEADER, *ROWS]))
    upload(staff, "client_counts", "institution_code,month,active_clients\nsirvan,2026-10,10000\n")
    page = staff.get(MONTH)
    assert [i.code for i in page.context["missing"]] == ["gence"]
    staff.post(MONTH, {"rule": default_rule()})
    assert not Publication.objects.exists()


def test_institution_history_for_its_own_manager_only(client_for, regulator, banks):
    from tests.factories import UserFactory

    publish_october(client_for(regulator))
    own = UserFactory(username="sirvan-mgr", manager=True, institution=banks[0])
    other = UserFactory(username="gence-mgr", manager=True, institution=banks[1])
    url = reverse("complaints:institution", kwargs={"code": "sirvan"})
    page = client_for(own).get(url)
    assert page.status_code == 200
    assert len(page.context["points"]) == 1
    chart = client_for(own).get(reverse("complaints:institution_chart", kwargs={"code": "sirvan"}))
    assert chart["Content-Type"] == "image/svg+xml"
    assert client_for(other).get(url).status_code == 403


def test_public_pages_need_no_login_and_unknown_months_are_404(client):
    assert client.get(reverse("public:index")).status_code == 200
    assert (
        client.get(reverse("public:month", kwargs={"kind": "bank", "month": "2020-01"})).status_code
        == 404
    )
    assert ClientCount.objects.count() == 0


def test_unconfirmed_previews_are_not_kept_for_ever(
    client_for, regulator, banks, settings, tmp_path
):
    import os
    import time

    settings.MEDIA_ROOT = tmp_path
    old = tmp_path / "imports" / "abandoned.csv"
    old.parent.mkdir()
    old.write_text("x")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    preview = client_for(regulator).post(
        reverse("complaints:upload"),
        {"what": "client_counts", "file": SimpleUploadedFile("n.csv", COUNTS.encode())},
    )
    assert preview.context["summary"].created == 2
    assert not old.exists()
    assert (tmp_path / "imports" / preview.context["token"]).exists()


def test_every_complaint_of_a_month_says_whether_it_counted_and_why(
    client_for, regulator, manager, banks
):
    staff = client_for(regulator)
    upload(staff, "complaints", "\n".join([HEADER, *ROWS]))
    url = reverse("complaints:month_complaints", kwargs={"kind": "bank", "month": "2026-10"})
    page = staff.get(url)
    assert page.context["page_obj"].paginator.count == 5
    repeats = staff.get(url, {"reason": "repeat"})
    (repeat,) = repeats.context["page_obj"].object_list
    assert repeat.reference == "R-2" and repeat.repeat_of.reference == "R-1"
    assert "R-1" in repeats.content.decode()
    assert client_for(manager).get(url).status_code == 403


def test_a_rolling_twelve_month_table_is_published_and_listed(client, client_for, regulator, banks):
    staff = client_for(regulator)
    upload(staff, "complaints", "\n".join([HEADER, *ROWS]))
    upload(staff, "client_counts", COUNTS)
    staff.post(f"{MONTH}?period=rolling12", {"rule": default_rule()})
    assert not Publication.objects.exists()  # eleven months lack client counts
    months = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 10)]
    year = "\n".join(
        f"{code},{month},{clients}"
        for month in months
        for code, clients in (("sirvan", 10000), ("gence", 40000))
    )
    upload(staff, "client_counts", "institution_code,month,active_clients\n" + year + "\n")
    staff.post(f"{MONTH}?period=rolling12", {"rule": default_rule()})
    publication = Publication.objects.get()
    assert publication.period_type == "rolling12"
    listing = client.get(reverse("public:index")).content.decode()
    assert "?period=rolling12" in listing
    page = client.get(
        reverse("public:month", kwargs={"kind": "bank", "month": "2026-10"}),
        {"period": "rolling12"},
    )
    assert page.context["publication"] == publication
    assert "sort=index&amp;period=rolling12" in page.content.decode()


def test_differs_uses_the_published_rule_and_sees_a_change_to_an_unlisted_bank(
    client_for, regulator, banks
):
    staff = client_for(regulator)
    InstitutionFactory(code="quiet", kind="bank")
    publish_october(staff)
    upload(staff, "client_counts", "institution_code,month,active_clients\nquiet,2026-10,5000\n")
    # A bank without complaints changed the sector's clients: every share moved.
    assert staff.get(MONTH).context["differs"] is True
    staff.post(MONTH, {"rule": default_rule()})
    assert staff.get(MONTH).context["differs"] is False
    # Looking at the month under another rule is no reason to call the published table stale.
    poisson = ZoneRule.objects.get(method="significance")
    assert staff.get(MONTH, {"rule": poisson.pk}).context["differs"] is False


def test_client_counts_with_decimals_are_refused_not_inflated(banks):
    from complaints.importers import client_counts_import

    text = "institution_code,month,active_clients\nsirvan,2026-10,1.5\ngence,2026-10,412000.0\n"
    with pytest.raises(ImportRejected) as rejected:
        client_counts_import(source=io.BytesIO(text.encode()), filename="n.csv")
    assert [error.row for error in rejected.value.errors] == [2]


def stop_counting(staff, category):
    """The administrator's change form, saved with "counts toward the index" unticked."""
    return staff.post(
        reverse("admin:complaints_complaintcategory_change", args=[category.pk]),
        {
            "code": category.code,
            "name_az": category.name_az,
            "name_en": category.name_en,
            "name_ru": category.name_ru,
            "position": category.position,
        },
    )


def test_a_category_that_stops_counting_is_recounted_everywhere(client_for, administrator, banks):
    from complaints.models import ComplaintCategory

    staff = client_for(administrator)
    upload(staff, "complaints", "\n".join([HEADER, *ROWS]))
    stop_counting(staff, ComplaintCategory.objects.get(code="fees"))
    assert Complaint.objects.get(reference="R-4").reason == "category_excluded"
    assert (
        client_for(administrator)
        .get(reverse("admin:complaints_complaint_change", args=[Complaint.objects.first().pk]))
        .status_code
        == 200
    )  # shown read-only


def test_the_institution_history_follows_the_latest_revision(client_for, regulator, banks):
    from tests.factories import UserFactory

    staff = client_for(regulator)
    publish_october(staff)
    # A corrected complaint file removes gence's only counted complaint; revision 2 drops it.
    Complaint.objects.filter(institution__code="gence", reason="counted").delete()
    staff.post(MONTH, {"rule": default_rule()})
    own = UserFactory(username="gence-mgr", manager=True, institution=banks[1])
    page = client_for(own).get(reverse("complaints:institution", kwargs={"code": "gence"}))
    assert page.context["points"] == []


def test_a_preview_token_only_confirms_the_kind_of_file_it_was(client_for, regulator, banks):
    staff = client_for(regulator)
    preview = staff.post(
        reverse("complaints:upload"),
        {"what": "client_counts", "file": SimpleUploadedFile("n.csv", COUNTS.encode())},
    )
    response = staff.post(
        reverse("complaints:upload"),
        {"confirm": "1", "token": preview.context["token"], "what": "complaints"},
    )
    assert response.status_code == 404
    assert not ClientCount.objects.exists()


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


def test_the_preview_names_each_exclusion_as_the_complaints_page_does(client_for, regulator, banks):
    preview = client_for(regulator).post(
        reverse("complaints:upload"),
        {
            "what": "complaints",
            "file": SimpleUploadedFile("c.csv", "\n".join([HEADER, *ROWS]).encode()),
        },
    )
    content = preview.content.decode()
    with translation.override("az"):
        for reason in ("repeat", "flagged_repeat", "category_excluded"):
            assert f'<dt class="col-sm-5">{REASON_LABELS[reason]}</dt>' in content
