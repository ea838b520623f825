"""Login throttling (django-axes): repeated failures lock the account and the address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_account_with_a_clear_message(client, english):
    user = UserFactory(role=Role.REGULATOR)
    for _ in range(4):
        response = attempt(client, user.username, "wrong")
        assert response.status_code == 200
    response = attempt(client, user.username, "wrong")
    assert response.status_code == 429
    client.cookies["django_language"] = "en"
    # Even the right password is refused now, from another address too.
    response = attempt(client, user.username, PASSWORD, address="10.0.0.2")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Login locked for a while" in page
    assert "15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_lock_the_address_for_every_account(client):
    first, second = UserFactory(), UserFactory()
    for number in range(5):
        attempt(client, f"guess-{number}", "wrong", address="10.0.0.9")
    assert attempt(client, first.username, PASSWORD, address="10.0.0.9").status_code == 429
    # Another address is not locked, and the account itself has no failures.
    assert attempt(client, second.username, PASSWORD, address="10.0.0.10").status_code == 302


def test_the_lock_ends_after_the_cool_off(client):
    user = UserFactory()
    for _ in range(5):
        attempt(client, user.username, "wrong")
    assert attempt(client, user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client):
    user = UserFactory()
    for _ in range(4):
        attempt(client, user.username, "wrong")
    assert attempt(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, user.username, "wrong")
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client):
    admin_user = UserFactory(role=Role.ADMIN, is_superuser=True)
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": admin_user.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.3",
        )
    response = client.post(
        reverse("admin:login"),
        {"username": admin_user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.3",
    )
    assert response.status_code == 429


def change_password(client, old, new="a-new-and-long-passphrase", confirm=None):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": confirm or new},
        REMOTE_ADDR="10.0.0.5",
    )


def test_five_wrong_current_passwords_lock_the_password_change(client, english):
    user = UserFactory(role=Role.REGULATOR)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    for _ in range(4):
        assert change_password(client, "wrong").status_code == 200
    response = change_password(client, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Password change locked for a while" in page
    assert "typed wrong 5 times" in page and "15 minutes" in page
    # Now even the right current password changes nothing, and logging in is locked too.
    assert change_password(client, PASSWORD).status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert attempt(Client(), user.username, PASSWORD, address="10.0.0.6").status_code == 429

    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert change_password(client, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-and-long-passphrase")


def test_only_a_wrong_current_password_counts(client):
    user = UserFactory(role=Role.REGULATOR)
    client.force_login(user)
    for _ in range(6):
        assert change_password(client, PASSWORD, confirm="something-else").status_code == 200
    assert change_password(client, PASSWORD).status_code == 302
