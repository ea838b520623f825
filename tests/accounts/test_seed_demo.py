import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accounts.models import Role, User
from institutions.models import Institution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_seed_demo_creates_the_accounts_and_institutions_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-passphrase")
    call_command("seed_demo")
    counts = (Institution.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Institution.objects.count(), User.objects.count()) == counts
    assert counts[0] >= 6
    assert Institution.objects.filter(kind="bank").count() >= 3
    assert Institution.objects.filter(kind="nbco").count() >= 2

    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {"manager", "manager2", "regulator", "trainer", "admin"}
    assert users["manager"].role == Role.MANAGER
    assert users["manager"].institution != users["manager2"].institution
    assert users["manager"].institution.kind == "nbco"
    assert users["admin"].is_superuser
    assert all(user.is_demo for user in users.values())
    assert users["trainer"].check_password("a-demo-passphrase")


def test_seed_demo_prints_the_accounts(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username in ("manager", "manager2", "regulator", "trainer", "admin"):
        assert username in out


@override_settings(DEMO_ACCOUNTS_ALLOWED=False)
def test_seed_demo_is_refused_when_debug_is_off():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not User.objects.exists()
