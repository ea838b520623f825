"""Issue 14: the month tables show the expected count, explain the significance rule in
plain words, link institutions for those who may see them, and sort both ways."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from complaints.models import Publication, ZoneRule
from tests.complaints.test_views_regulator import MONTH, publish_october

pytestmark = pytest.mark.django_db

PUBLIC = reverse("public:month", kwargs={"kind": "bank", "month": "2026-10"})
SIRVAN = reverse("complaints:institution", kwargs={"code": "sirvan"})
PLAIN_WORDS = 'id="why-yellow"'  # the paragraph saying why a high index can stay yellow


def significance_rule() -> ZoneRule:
    return ZoneRule.objects.get(method="significance")


def test_the_month_table_shows_the_expected_count(client_for, regulator, banks):
    staff = client_for(regulator)
    publish_october(staff)
    staff.cookies["django_language"] = "en"  # the page read in English
    content = staff.get(MONTH).content.decode()
    assert "Expected complaints</th>" in content
    # Şirvan: a fifth of the clients, a fifth of the sector's two counted complaints.
    assert '<td class="text-end col-more">0.40</td>' in content


def test_the_significance_rule_is_explained_in_plain_words(client, client_for, regulator, banks):
    staff = client_for(regulator)
    staff.cookies["django_language"] = client.cookies["django_language"] = "en"
    publish_october(staff)
    band = staff.get(MONTH).content.decode()
    assert PLAIN_WORDS not in band
    chosen = staff.get(MONTH, {"kind": "bank", "rule": significance_rule().pk})
    assert chosen.context["zone_rule"] == significance_rule()
    assert PLAIN_WORDS in chosen.content.decode()
    staff.post(MONTH, {"rule": significance_rule().pk, "note": ""})
    staff.logout()
    public = client.get(PUBLIC).content.decode()
    assert "95 %" in public
    assert "0.95" not in public
    assert PLAIN_WORDS in public


def test_a_rule_without_a_kind_computes_what_the_menu_shows(client_for, regulator, banks):
    staff = client_for(regulator)
    publish_october(staff)
    page = staff.get(MONTH, {"rule": significance_rule().pk})
    assert page.context["zone_rule"] == significance_rule()
    assert page.context["form"]["rule"].value() in (
        significance_rule().pk,
        str(significance_rule().pk),
    )


def test_institutions_link_to_their_page_for_the_regulator_only(
    client, client_for, regulator, banks
):
    staff = client_for(regulator)
    publish_october(staff)
    assert f'href="{SIRVAN}"' in staff.get(MONTH).content.decode()
    assert f'href="{SIRVAN}"' in staff.get(PUBLIC).content.decode()
    home = staff.get(reverse("complaints:home")).content.decode()
    assert f'href="{SIRVAN}"' in home
    profile = staff.get(reverse("institutions:detail", kwargs={"code": "sirvan"}))
    assert f'href="{SIRVAN}"' in profile.content.decode()
    staff.logout()
    assert f'href="{SIRVAN}"' not in client.get(PUBLIC).content.decode()


def test_public_headings_sort_both_ways_and_say_which(client, client_for, regulator, banks):
    publish_october(client_for(regulator))
    assert Publication.objects.count() == 1
    first = client.get(PUBLIC, {"sort": "index"}).content.decode()
    assert 'aria-sort="descending"' in first
    assert "sort=index&amp;order=asc" in first
    ascending = client.get(PUBLIC, {"sort": "index", "order": "asc"})
    assert [r["institution"].institution_code for r in ascending.context["rows"]] == [
        "gence",
        "sirvan",
    ]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    kept = client.get(PUBLIC, {"sort": "zone", "period": "month", "revision": "1"})
    assert 'href="?sort=index&amp;period=month&amp;revision=1&amp;order=desc"' in (
        kept.content.decode()
    )


def test_the_change_heading_follows_the_period(client, client_for, regulator, banks):
    publish_october(client_for(regulator))
    client.cookies["django_language"] = "en"
    content = client.get(PUBLIC).content.decode()
    assert "Change from the previous month" in content
    assert "[" not in content.split("<thead>")[1].split("</thead>")[0]


def test_a_rolling_table_compares_with_the_previous_twelve_months():
    with translation.override("en"):
        content = render_to_string(
            "complaints/_table.html", {"rows": [], "show_change": True, "period": "rolling12"}
        )
    assert "Change from the previous 12 months" in content
    assert "previous month" not in content


def test_the_interval_is_read_without_brackets_inside_brackets():
    with translation.override("en"):
        cell = render_to_string(
            "complaints/_index_interval.html", {"index": 2.5, "low": 0.06, "high": 13.93}
        )
    assert "Interval (95 %): </span>" in cell
    assert ":</span>(" not in cell and '<span aria-hidden="true">(</span>0.06' in cell


def test_on_a_phone_institution_index_and_zone_come_first_and_the_rest_waits(
    client, client_for, regulator, banks
):
    """Item 11: the first three columns are institution, index and zone; every other column
    is marked to wait behind "Show all columns" below the md breakpoint (portal.css)."""
    publish_october(client_for(regulator))
    client.cookies["django_language"] = "en"
    content = client.get(PUBLIC).content.decode()
    table = content.split("<table", 1)[1].split("</table>", 1)[0]
    head = table.split("</thead>", 1)[0]
    headings = [h.split(">", 1)[1] for h in head.split("<th ")[1:]]
    first_three = ["Institution", "Index", "Zone"]
    for heading, name in zip(headings[:3], first_three, strict=True):
        assert name in heading and "col-more" not in heading.split(">", 1)[0]
    rest = head.split("<th ")[4:]
    assert len(rest) >= 6 and all('class="' in h and "col-more" in h.split(">")[0] for h in rest)
    assert (
        '<input class="form-check-input all-columns" type="checkbox" id="all-columns">' in content
    )
    assert 'all-columns-label" for="all-columns">Show all columns</label>' in content
