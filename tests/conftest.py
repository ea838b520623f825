import pytest

from accounts.models import User
from institutions.models import Institution

from .factories import InstitutionFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def institution() -> Institution:
    return InstitutionFactory(code="umid-test", name_az="Ümid Test BOKT")


@pytest.fixture
def other_institution() -> Institution:
    return InstitutionFactory(code="bereket-test", name_az="Bərəkət Test BOKT")


@pytest.fixture
def manager(institution: Institution) -> User:
    return UserFactory(username="mgr", manager=True, institution=institution)


@pytest.fixture
def other_manager(other_institution: Institution) -> User:
    return UserFactory(username="mgr2", manager=True, institution=other_institution)


@pytest.fixture
def regulator() -> User:
    return UserFactory(username="reg", regulator=True)


@pytest.fixture
def trainer() -> User:
    return UserFactory(username="trn", trainer=True)


@pytest.fixture
def administrator() -> User:
    return UserFactory(username="adm", administrator=True)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client, logged in as that user."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def english():
    """Service-level messages read in English; pages are tested in the default Azerbaijani."""
    from django.utils import translation

    with translation.override("en"):
        yield
