"""The administrator's complaint pages: a category that stops counting is recounted."""

import pytest
from django.urls import reverse

from complaints.models import Complaint
from tests.complaints.test_importers import HEADER, ROWS
from tests.complaints.test_views_regulator import upload

pytestmark = pytest.mark.django_db


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


def test_a_publication_is_never_made_or_changed_by_hand(client_for, administrator):
    # Publishing computes and freezes the rows on the month's page; the admin only shows them.
    admin_client = client_for(administrator)
    assert admin_client.get(reverse("admin:complaints_publication_add")).status_code == 403
    listing = admin_client.get(reverse("admin:complaints_publication_changelist"))
    assert listing.status_code == 200
    assert reverse("admin:complaints_publication_add") not in listing.content.decode()


def test_client_count_changes_are_a_record_shown_by_institution_code(
    client_for, administrator, regulator, banks
):
    from complaints.models import ClientCountChange

    upload(
        client_for(regulator),
        "client_counts",
        "institution_code,month,active_clients\nsirvan,2026-10,10000\n",
    )
    upload(
        client_for(regulator),
        "client_counts",
        "institution_code,month,active_clients\nsirvan,2026-10,12000\n",
    )
    change = ClientCountChange.objects.get()
    admin_client = client_for(administrator)
    assert admin_client.get(reverse("admin:complaints_clientcountchange_add")).status_code == 403
    edit = admin_client.post(
        reverse("admin:complaints_clientcountchange_change", args=[change.pk]),
        {"old_value": 1, "new_value": 2},
    )
    assert edit.status_code == 403
    change.refresh_from_db()
    assert (change.old_value, change.new_value) == (10000, 12000)
    listing = admin_client.get(reverse("admin:complaints_clientcountchange_changelist"))
    assert "sirvan 2026-10: 12000" in listing.content.decode()


def test_the_zone_rules_methods_are_named_in_the_admins_language(client_for, administrator):
    admin_client = client_for(administrator)
    admin_client.cookies["django_language"] = "az"
    listing = admin_client.get(reverse("admin:complaints_zonerule_changelist")).content.decode()
    assert "Zolaq qaydası" in listing and "Əhəmiyyətlilik qaydası (Puasson)" in listing
    assert '<td class="field-method">band</td>' not in listing
