import datetime

import pytest

from complaints.selectors import add_months
from tests.factories import InstitutionFactory, PublicationFactory, PublicationRowFactory

FIRST = datetime.date(2025, 11, 1)


def publish(month: datetime.date, rows: dict, *, kind: str = "bank", revision: int = 1, **extra):
    """A published table of ``month``: ``rows`` maps an institution to (zone, index[, funnel])."""
    publication = PublicationFactory(month=month, kind=kind, revision=revision, **extra)
    for institution, (zone, index, *funnel) in rows.items():
        PublicationRowFactory(
            publication=publication,
            institution=institution,
            zone=zone,
            index=index,
            funnel=funnel[0] if funnel else "within",
        )
    return publication


def month(n: int) -> datetime.date:
    """The n-th month from November 2025 (0-based)."""
    return add_months(FIRST, n)


@pytest.fixture
def banks():
    return [
        InstitutionFactory(code="sahil-bank", kind="bank", name_az="Sahil Bank", name_en="Sahil"),
        InstitutionFactory(code="dag-bank", kind="bank", name_az="Dağ Bank", name_en="Dag"),
        InstitutionFactory(code="duz-bank", kind="bank", name_az="Düz Bank", name_en="Duz"),
    ]
