import pytest

from institutions.rules import institutions_visible_to

pytestmark = pytest.mark.django_db


def test_manager_may_view_and_change_only_their_own_institution(
    manager, institution, other_institution
):
    assert manager.has_perm("institutions.view_institution", institution)
    assert manager.has_perm("institutions.change_institution", institution)
    assert not manager.has_perm("institutions.view_institution", other_institution)
    assert not manager.has_perm("institutions.change_institution", other_institution)
    assert not manager.has_perm("institutions.change_institution_identity", institution)
    assert not manager.has_perm("institutions.list_institutions")
    assert list(institutions_visible_to(manager)) == [institution]


@pytest.mark.parametrize("role_fixture", ["regulator", "trainer"])
def test_regulator_and_trainer_read_every_institution(
    request, role_fixture, institution, other_institution
):
    user = request.getfixturevalue(role_fixture)
    for target in (institution, other_institution):
        assert user.has_perm("institutions.view_institution", target)
    assert user.has_perm("institutions.list_institutions")
    assert set(institutions_visible_to(user)) == {institution, other_institution}


def test_trainer_changes_no_institution(trainer, institution):
    assert not trainer.has_perm("institutions.change_institution", institution)
    assert not trainer.has_perm("institutions.change_institution_identity", institution)


def test_regulator_changes_the_official_names_code_and_kind(regulator, institution):
    assert regulator.has_perm("institutions.change_institution", institution)
    assert regulator.has_perm("institutions.change_institution_identity", institution)


def test_administrator_may_change_any_institution(administrator, institution, other_institution):
    assert administrator.has_perm("institutions.change_institution", institution)
    assert administrator.has_perm("institutions.change_institution", other_institution)
    assert administrator.has_perm("institutions.change_institution_identity", institution)


def test_anonymous_user_sees_nothing(institution):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not anonymous.has_perm("institutions.view_institution", institution)
    assert not institutions_visible_to(anonymous).exists()
