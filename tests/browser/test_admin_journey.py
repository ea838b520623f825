"""The demo administrator walks the Django admin's page types; axe-core checks each."""

import re

from playwright.sync_api import Page, expect

from .helpers import log_in

# One address of each page type the administrator reaches from the admin's index.
ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
    "/admin/auth/",
    "/admin/auth/group/",
    "/admin/auth/group/add/",
    "/admin/institutions/",
    "/admin/institutions/institution/",
    "/admin/assessments/",
    "/admin/complaints/",
    "/admin/complaints/complaintcategory/",
    "/admin/complaints/complaintimport/",
    "/admin/axes/",
    "/admin/axes/accessattempt/",
    "/admin/axes/accesslog/",
    "/admin/axes/accessfailurelog/",
]


def test_admin_pages_pass_the_accessibility_check(page: Page, live_server, demo, check_a11y):
    from accounts.models import User
    from complaints.models import ComplaintCategory
    from institutions.models import Institution

    base_url = live_server.url
    log_in(page, base_url, "admin", check_a11y)
    manager = User.objects.get(username="manager")
    institution = Institution.objects.get(code="umid-mfi")
    category = ComplaintCategory.objects.order_by("position").first()
    pages = [
        *ADMIN_PAGES,
        f"/admin/accounts/user/{manager.pk}/change/",
        f"/admin/accounts/user/{manager.pk}/password/",
        f"/admin/institutions/institution/{institution.pk}/change/",
        f"/admin/institutions/institution/{institution.pk}/history/",
        f"/admin/complaints/complaintcategory/{category.pk}/change/",
    ]
    for path in pages:
        response = page.goto(f"{base_url}{path}")
        assert response is not None and response.status == 200, path
        check_a11y(page)

    # The categories' editable positions are named by column and row.
    page.goto(f"{base_url}/admin/complaints/complaintcategory/")
    position = page.locator("#id_form-0-position")
    expect(position).to_have_attribute("aria-label", re.compile(r"\S: \S"))
    check_a11y(page)
