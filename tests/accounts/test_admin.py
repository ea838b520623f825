"""The user admin: an administrator who is not a superuser cannot become one, nor take
permissions, nor take over a superuser's account; superusers have the administrator's role in
the portal's own pages."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def change_data(user: User, **extra) -> dict:
    return {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "role": user.role,
        "institution": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        **extra,
    }


def test_an_administrator_cannot_make_themselves_a_superuser_or_take_permissions(
    client_for, administrator
):
    client = client_for(administrator)
    page = client.get(change_url(administrator)).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    permission = Permission.objects.get(codename="change_group")
    data = change_data(
        administrator, is_superuser="on", user_permissions=[permission.pk], first_name="Nigar"
    )
    response = client.post(change_url(administrator), data)
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.first_name == "Nigar"
    assert not administrator.is_superuser
    assert not administrator.user_permissions.exists()


def test_an_administrator_cannot_change_a_superusers_account(client_for, administrator):
    root = UserFactory(username="root", administrator=True, is_superuser=True)
    client = client_for(administrator)
    response = client.post(change_url(root), change_data(root, email="mine@example.org"))
    assert response.status_code == 403
    password = reverse("admin:auth_user_password_change", args=[root.pk])
    response = client.post(password, {"password1": "taken-over-1", "password2": "taken-over-1"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email == "" and root.check_password("correct-horse-battery")


def test_a_superuser_still_makes_superusers(client_for, administrator):
    root = UserFactory(username="root", administrator=True, is_superuser=True)
    response = client_for(root).post(
        change_url(administrator), change_data(administrator, is_superuser="on")
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.is_superuser


def test_a_superuser_has_the_administrator_role_in_the_portal(client_for, questionnaire):
    root = UserFactory(username="root", administrator=True, is_superuser=True)
    assert not root.has_perm("assessments.start_assessment")
    response = client_for(root).post(
        reverse("assessments:start"),
        {"questionnaire": questionnaire.pk, "period": "2026", "kind": "self"},
    )
    assert response.status_code == 403
    assert root.has_perm("institutions.change_institution_identity")
    assert root.has_perm("auth.change_group")


def test_ticked_permissions_widen_no_portal_permission(regulator):
    regulator.user_permissions.add(Permission.objects.get(codename="change_user"))
    regulator = User.objects.get(pk=regulator.pk)
    assert not regulator.has_perm("accounts.change_user")
