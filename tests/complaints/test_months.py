"""The months the index knows, from January 2000 to the end of next year, and nothing else:
in an address, a client count's month, a complaint's date and the command's --month."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from complaints.importers import client_counts_import
from complaints.models import ClientCount, Complaint
from complaints.months import FIRST_MONTH, last_month, month_parse
from smartportal.tabular import ImportRejected
from tests.complaints.test_importers import HEADER, load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OUT_OF_RANGE = ["0001-01", "1999-12", "9999-12", f"{datetime.date.today().year + 2}-01"]


def test_the_range_runs_from_2000_to_the_end_of_next_year():
    assert month_parse("2000-01") == FIRST_MONTH
    assert month_parse(f"{last_month():%Y-%m}") == last_month()
    assert last_month().year == datetime.date.today().year + 1
    assert [month_parse(text) for text in OUT_OF_RANGE] == [None] * len(OUT_OF_RANGE)


@pytest.mark.parametrize("month", OUT_OF_RANGE)
@pytest.mark.parametrize("name", ["month", "month_funnel", "month_complaints"])
def test_a_month_page_out_of_range_is_not_found(client_for, regulator, month, name):
    url = reverse(f"complaints:{name}", kwargs={"kind": "bank", "month": month})
    assert client_for(regulator).get(url).status_code == 404


@pytest.mark.parametrize("month", OUT_OF_RANGE)
@pytest.mark.parametrize(
    ("name", "extra"), [("month", {}), ("funnel", {}), ("download", {"fmt": "csv"})]
)
def test_a_public_month_out_of_range_is_not_found(client, month, name, extra):
    url = reverse(f"public:{name}", kwargs={"kind": "bank", "month": month, **extra})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("month", ["0001-01", "1999-12", "9999-12", "01.0001"])
def test_a_client_count_month_out_of_range_is_refused(banks, month):
    text = f"institution_code,month,active_clients\nsirvan,{month},100\n"
    with pytest.raises(ImportRejected) as rejected:
        client_counts_import(source=io.BytesIO(text.encode()), filename="n.csv")
    assert (
        str(rejected.value) == f"Row 2: month must be YYYY-MM, from 2000-01 to {last_month():%Y-%m}"
    )
    assert not ClientCount.objects.exists()


@pytest.mark.parametrize("day", ["1600-01-01", "0001-01-01", "1999-12-31", "01.01.1600"])
def test_a_complaint_dated_before_2000_is_refused(banks, day):
    with pytest.raises(ImportRejected) as rejected:
        load([HEADER, f"sirvan,{day},written,cards,c1,,R-1", "gence,2000-01-01,oral,cards,,,"])
    assert str(rejected.value) == "Row 2: received_on is before 2000-01-01"
    assert not Complaint.objects.exists()


def test_the_command_refuses_a_month_out_of_range():
    with pytest.raises(CommandError, match="from 2000-01"):
        call_command("complaint_index", "--month", "0001-01")


@pytest.mark.parametrize(
    ("month", "gone"), [(FIRST_MONTH, "1999-12"), (last_month(), f"{last_month().year + 1}-01")]
)
def test_a_month_page_at_either_end_links_no_month_beyond(client_for, regulator, month, gone):
    url = reverse("complaints:month", kwargs={"kind": "bank", "month": f"{month:%Y-%m}"})
    content = client_for(regulator).get(url).content.decode()
    assert gone not in content
    assert reverse("complaints:month", kwargs={"kind": "bank", "month": gone}) not in content
