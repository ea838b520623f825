"""The regulator's pages: uploads with their preview, a month's table and its publication,
every complaint of a month."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from complaints.models import REASON_LABELS, ClientCount, Complaint, Publication, ZoneRule
from tests.complaints.test_importers import HEADER, ROWS
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

COUNTS = "institution_code,month,active_clients\nsirvan,2026-10,10000\ngence,2026-10,40000\n"
MONTH = reverse("complaints:month", kwargs={"kind": "bank", "month": "2026-10"})


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


def default_rule() -> int:
    return ZoneRule.objects.get(is_default=True).pk


def publish_october(client):
    upload(client, "complaints", "\n".join([HEADER, *ROWS]))
    upload(client, "client_counts", COUNTS)
    return client.post(MONTH, {"rule": default_rule(), "note": ""})


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


def test_without_a_default_rule_the_month_uses_the_first_rule(client_for, regulator, banks):
    ZoneRule.objects.update(is_default=False)
    client = client_for(regulator)
    page = client.get(MONTH)
    assert page.status_code == 200
    assert page.context["zone_rule"] == ZoneRule.objects.order_by("pk").first()
    funnel = reverse("complaints:month_funnel", kwargs={"kind": "bank", "month": "2026-10"})
    assert client.get(funnel).status_code == 200
    ZoneRule.objects.all().delete()
    assert client.get(funnel).status_code == 404


def test_publishing_the_same_table_again_says_so_and_adds_no_revision(client_for, regulator, banks):
    client = client_for(regulator)
    client.cookies["django_language"] = "en"  # the page read in English
    publish_october(client)
    again = client.post(MONTH, {"rule": default_rule(), "note": "again"}, follow=True)
    assert Publication.objects.count() == 1
    assert "Nothing new was published: revision 1 already is this table." in again.content.decode()


def test_the_month_says_nothing_of_unlisted_institutions_when_there_are_none(
    client_for, regulator, banks
):
    client = client_for(regulator)
    publish_october(client)
    page = client.get(MONTH)
    assert page.context["not_listed"] == 0
    assert "Məlumatı olan 0 təşkilat" not in page.content.decode()  # "0 institutions …"
    public = client.get(reverse("public:month", kwargs={"kind": "bank", "month": "2026-10"}))
    assert "0 təşkilat" not in public.content.decode()


def test_a_rolling_table_without_twelve_client_counts_names_the_missing_months(
    client_for, regulator, banks
):
    staff = client_for(regulator)
    upload(staff, "complaints", "\n".join([HEADER, *ROWS]))
    upload(staff, "client_counts", COUNTS + "gence,2026-03,40000\n")
    staff.cookies["django_language"] = "en"
    page = staff.get(MONTH, {"period": "rolling12"})
    text = " ".join(page.content.decode().split())
    assert "needs each institution's client count for each of the 12 months" in text
    assert "(2025-11 – 2026-10)" in text
    assert "<li>2025-11 – 2026-09 (for 1 institution: Shirvan)" in text
    assert "<li>2025-11 – 2026-02, 2026-04 – 2026-09 (for 1 institution: Ganja)" in text
    # Nothing can be computed: no sector of 0 complaints and 0 clients, no "no complaint".
    assert "Counted complaints in the sector: 0" not in text
    assert "No counted complaint in this period" not in text
    assert "0 red, 0 yellow, 0 green" not in text
    assert 'disabled aria-describedby="publish-unavailable"' in text
    assert "Publishing is unavailable: the table needs each institution's client count" in text
    # The heading names the 12 months, and the month links step to the next rolling table.
    assert "Bank: the 12 months 2025-11 – 2026-10</h1>" in text
    assert '/complaints/bank/2026-09/?period=rolling12">' in text


def test_a_month_missing_a_client_count_says_why_publish_is_unavailable(
    client_for, regulator, banks
):
    staff = client_for(regulator)
    upload(staff, "complaints", "\n".join([HEADER, *ROWS]))
    upload(staff, "client_counts", "institution_code,month,active_clients\nsirvan,2026-10,10000\n")
    staff.cookies["django_language"] = "en"
    text = " ".join(staff.get(MONTH).content.decode().split())
    assert "<li>2026-10 (for 1 institution: Ganja)" in text
    assert "Publishing is unavailable: the table needs the month's client count" in text
    assert "Counted complaints in the sector" not in text
