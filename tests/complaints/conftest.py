import pytest

from tests.factories import InstitutionFactory


@pytest.fixture
def banks():
    """Two banks; the first one's name starts like a spreadsheet formula."""
    return [
        InstitutionFactory(code="sirvan", kind="bank", name_az="=Şirvan Bank", name_en="Shirvan"),
        InstitutionFactory(code="gence", kind="bank", name_az="Gəncə Bank", name_en="Ganja"),
    ]
