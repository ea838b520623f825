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


@pytest.fixture
def questionnaire():
    """The default questionnaire (2010, six principles) as the portal ships it."""
    from assessments.questionnaires import questionnaire_load_default

    return questionnaire_load_default()[0]


@pytest.fixture
def small_questionnaire():
    from .factories import make_questionnaire

    return make_questionnaire()


@pytest.fixture
def assessment(institution, manager, small_questionnaire):
    from assessments.services import assessment_start

    return assessment_start(
        institution=institution,
        questionnaire=small_questionnaire,
        period="2026",
        kind="self",
        by=manager,
    )


@pytest.fixture(autouse=True)
def _shipped_defaults(request):
    """What the migrations load (default questionnaire, complaint categories, zone rules),
    restored for database tests that run after a live-server test emptied the database."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not uses_db:
        return
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        request.getfixturevalue("db")
    else:
        request.getfixturevalue("transactional_db")
    from assessments.questionnaires import questionnaire_load_default
    from complaints.defaults import complaint_defaults_load

    questionnaire_load_default()
    complaint_defaults_load()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids repeat from test to test on SQLite."""
    from django.core.cache import cache

    cache.clear()
    yield
