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
