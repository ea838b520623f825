"""An institution's complaint index over the months: its own managers and regulators only."""

import pytest
from django.urls import reverse

from complaints.models import Complaint
from tests.complaints.test_views_regulator import (
    MONTH,
    default_rule,
    publish_october,
)

pytestmark = pytest.mark.django_db


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


def test_complaints_by_category_and_channel_read_as_words(client_for, regulator, banks):
    from django.utils import translation

    from complaints.models import Channel

    publish_october(client_for(regulator))
    complaint = Complaint.objects.filter(institution__code="sirvan").select_related("category")
    complaint = complaint.first()
    page = client_for(regulator).get(reverse("complaints:institution", kwargs={"code": "sirvan"}))
    text = page.content.decode()
    with translation.override("az"):
        channel = str(Channel(complaint.channel).label)
    assert f"<li>{complaint.category.name_az}: " in text and f"<li>{channel}: " in text
    assert f"<li>{complaint.category.code}: " not in text
    assert f"<li>{complaint.channel}: " not in text


def test_the_page_says_the_band_does_not_apply_to_a_month_under_the_significance_rule(
    client_for, regulator, banks
):
    from complaints.models import ZoneRule

    staff = client_for(regulator)
    publish_october(staff)
    poisson = ZoneRule.objects.get(method="significance")
    staff.post(f"{MONTH}", {"rule": poisson.pk, "note": ""})
    staff.cookies["django_language"] = "en"
    url = reverse("complaints:institution", kwargs={"code": "sirvan"})
    text = " ".join(staff.get(url).content.decode().split())
    assert (
        "The band does not apply to the months published under the significance rule (2026-10)"
        in text
    )
    assert "<td>Poisson 95 %</td>" in text
    assert "a month with no published table listing the institution is a gap" in text


def test_the_rule_names_read_in_the_readers_language(client_for, regulator, banks):
    staff = client_for(regulator)
    publish_october(staff)
    url = reverse("complaints:institution", kwargs={"code": "sirvan"})
    page = staff.get(url).content.decode()  # Azerbaijani, the portal's first language
    assert "<td>Zolaq 0,80–1,20</td>" in page
    assert "Band 0.80-1.20" not in page
    month = staff.get(MONTH).content.decode()
    assert "Zolaq 0,80–1,20" in month and "Puasson 95 %" in month  # the menu and the text
    assert "Band 0.80-1.20" not in month and "Poisson 95%" not in month
