import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from institutions.models import Institution
from tests.factories import InstitutionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_name_follows_the_language_and_falls_back_to_azerbaijani():
    institution = InstitutionFactory(name_az="Şirvan Bank", name_en="Shirvan Bank", name_ru="")
    with translation.override("en"):
        assert institution.name == "Shirvan Bank"
    with translation.override("ru"):
        assert institution.name == "Şirvan Bank"
    with translation.override("az"):
        assert str(institution) == "Şirvan Bank"


def test_negative_portfolio_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(gross_loan_portfolio=Decimal("-1"))


def test_size_figures_need_their_date():
    institution = Institution(code="x", kind="bank", name_az="X", active_clients=10)
    with pytest.raises(ValidationError, match="figures as of"):
        institution.full_clean()
    institution.figures_as_of = datetime.date(2026, 1, 1)
    institution.full_clean()


def test_codes_are_unique():
    InstitutionFactory(code="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        Institution.objects.create(code="same", kind="bank", name_az="Y")
