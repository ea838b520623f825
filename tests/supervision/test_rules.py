import pytest
from django.contrib.auth.models import AnonymousUser

from supervision.rules import sees_position
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_is_for_regulators_and_administrators(
    regulator, administrator, manager, trainer
):
    assert regulator.has_perm("supervision.view_dashboard")
    assert administrator.has_perm("supervision.view_dashboard")
    assert not manager.has_perm("supervision.view_dashboard")
    assert not trainer.has_perm("supervision.view_dashboard")
    assert not AnonymousUser().has_perm("supervision.view_dashboard")


def test_an_institution_s_position_is_seen_by_supervisors_and_its_own_managers(
    institution, manager, other_manager, regulator, administrator, trainer
):
    assert sees_position(manager, institution)
    assert sees_position(regulator, institution)
    assert sees_position(administrator, institution)
    assert not sees_position(other_manager, institution)
    assert not sees_position(trainer, institution)
    assert not sees_position(AnonymousUser(), institution)
    assert not sees_position(manager, InstitutionFactory())
