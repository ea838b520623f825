import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_wrong_password_shows_an_error_and_keeps_the_username(client, manager):
    response = client.post(reverse("login"), {"username": manager.username, "password": "nope"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="mgr"' in content
    assert "alert" in content


def test_logout_is_a_post_and_ends_the_session(client_for, manager):
    client = client_for(manager)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client_for, manager):
    client = client_for(manager)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-and-long-passphrase",
            "new_password2": "a-new-and-long-passphrase",
        },
    )
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("a-new-and-long-passphrase")


@override_settings(DEMO_ACCOUNTS_ALLOWED=False)
def test_demo_accounts_cannot_log_in_when_demo_accounts_are_not_allowed(client):
    UserFactory(username="demo-reg", regulator=True, is_demo=True)
    response = client.post(reverse("login"), {"username": "demo-reg", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(DEMO_ACCOUNTS_ALLOWED=False)
def test_demo_administrator_cannot_log_in_through_the_admin_either(client):
    UserFactory(username="demo-admin", administrator=True, is_superuser=True, is_demo=True)
    response = client.post(reverse("admin:login"), {"username": "demo-admin", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_demo_session_ends_when_demo_accounts_are_turned_off(client):
    user = UserFactory(username="demo-mgr2", trainer=True, is_demo=True)
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    with override_settings(DEMO_ACCOUNTS_ALLOWED=False):
        assert client.get(reverse("home")).status_code == 302


def test_the_admin_is_open_to_administrators_only(client_for, administrator, regulator):
    assert client_for(administrator).get(reverse("admin:index")).status_code == 200
    client_for(regulator)
    response = client_for(regulator).get(reverse("admin:index"))
    assert response.status_code == 302
