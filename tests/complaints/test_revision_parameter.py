"""A public table's ``?revision=`` is a plain number or ignored (issue 13, finding 7)."""

import pytest
from django.urls import reverse

from tests.complaints.test_views_regulator import publish_october

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("revision", ["²", "١", "1x", "99999999999999999999"])
def test_a_revision_that_is_no_plain_number_gives_the_latest_or_none(
    client, client_for, regulator, banks, revision
):
    publish_october(client_for(regulator))
    client.logout()
    url = reverse("public:download", kwargs={"kind": "bank", "month": "2026-10", "fmt": "csv"})
    assert client.get(url, {"revision": revision}).status_code in (200, 404)
    assert client.get(url, {"revision": "1"}).status_code == 200
