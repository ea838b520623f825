import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accounts.models import Role, User
from assessments.models import Questionnaire
from institutions.models import Institution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_seed_demo_creates_the_accounts_and_institutions_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-passphrase")
    call_command("seed_demo")
    counts = (Institution.objects.count(), User.objects.count(), Questionnaire.objects.count())
    call_command("seed_demo")
    assert (
        Institution.objects.count(),
        User.objects.count(),
        Questionnaire.objects.count(),
    ) == counts
    assert counts[0] >= 6
    assert counts[2] == 1
    assert Institution.objects.filter(kind="bank").count() >= 3
    assert Institution.objects.filter(kind="nbco").count() >= 2

    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {"manager", "manager2", "regulator", "trainer", "admin"}
    assert users["manager"].role == Role.MANAGER
    assert users["manager"].institution != users["manager2"].institution
    assert users["manager"].institution.kind == "nbco"
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["regulator"].is_staff
    assert all(user.is_demo for user in users.values())
    assert users["trainer"].check_password("a-demo-passphrase")


def test_seed_demo_leaves_what_exists_as_it_was(monkeypatch):
    call_command("seed_demo")
    Institution.objects.filter(code="umid-mfi").update(phone="+994 00 000 00 00")
    manager = User.objects.get(username="manager")
    manager.set_password("changed-by-the-user")
    manager.save()
    monkeypatch.setenv("DEMO_PASSWORD", "another-passphrase")
    call_command("seed_demo")
    assert Institution.objects.get(code="umid-mfi").phone == "+994 00 000 00 00"
    assert User.objects.get(username="manager").check_password("changed-by-the-user")


def test_seed_demo_prints_the_accounts_and_the_password(capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "printed-passphrase")
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username in ("manager", "manager2", "regulator", "trainer", "admin"):
        assert username in out
    assert "printed-passphrase" in out


@override_settings(DEMO_ACCOUNTS_ALLOWED=False)
def test_seed_demo_is_refused_when_debug_is_off():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not User.objects.exists()
