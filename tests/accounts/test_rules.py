import pytest

pytestmark = pytest.mark.django_db


def test_only_administrators_manage_users(administrator, manager, regulator, trainer):
    assert administrator.has_perm("accounts.change_user")
    for user in (manager, regulator, trainer):
        assert not user.has_perm("accounts.change_user")
