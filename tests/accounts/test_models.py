import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Role, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_manager_without_institution_is_refused_by_validation():
    user = User(username="lonely", role=Role.MANAGER)
    with pytest.raises(ValidationError, match="must belong to an institution"):
        user.full_clean()


def test_a_manager_without_institution_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        User.objects.create(username="lonely", role=Role.MANAGER)


def test_regulators_need_no_institution():
    user = User(username="reg", role=Role.REGULATOR)
    user.set_password("x-long-enough-password")
    user.full_clean()


def test_createsuperuser_makes_an_administrator():
    user = User.objects.create_superuser("root", "root@example.org", "a-long-passphrase")
    assert user.role == Role.ADMIN
    assert user.is_administrator
