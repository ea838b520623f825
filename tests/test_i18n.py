from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_catalog_is_complete_and_not_fuzzy(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert not catalog.fuzzy
    incomplete = [
        message.id
        for message in catalog
        if message.id
        and (
            "fuzzy" in message.flags
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert incomplete == []
    assert len(catalog) > 50


@pytest.mark.django_db
def test_azerbaijani_is_the_default_language(client):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert '<html lang="az">' in content
    assert "SmartPortal-a daxil olun" in content
    assert "İstifadəçi adı" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Log in to SmartPortal"),
        ("ru", "Вход в SmartPortal"),
        ("az", "SmartPortal-a daxil olun"),
    ],
)
def test_set_language_switches_the_pages(client, language, title):
    response = client.post(
        reverse("set_language"), {"language": language, "next": reverse("login")}, follow=True
    )
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert title in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "clients", "portfolio", "date"),
    [
        ("az", "412\xa0000", "1\xa0250\xa0000,50", "30.09.2026"),
        ("en", "412,000", "1,250,000.50", "30 Sep 2026"),
        ("ru", "412\xa0000", "1\xa0250\xa0000,50", "30 сентября 2026"),
    ],
)
def test_numbers_and_dates_follow_the_language(
    client_for, regulator, language, clients, portfolio, date
):
    from decimal import Decimal

    from tests.factories import InstitutionFactory

    institution = InstitutionFactory(
        code="big-bank", active_clients=412000, gross_loan_portfolio=Decimal("1250000.50")
    )
    client = client_for(regulator)
    client.post(reverse("set_language"), {"language": language})
    content = client.get(institution.get_absolute_url()).content.decode()
    assert clients in content
    assert portfolio in content
    assert date in content


@pytest.mark.django_db
def test_the_browsers_language_does_not_override_azerbaijani(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="az">' in response.content.decode()
    assert response["Content-Language"] == "az"


def test_every_field_of_ours_has_a_translated_label():
    """The admin shows each field by its verbose name: a field without a gettext'd one shows
    an English name ("submitted by") on an Azerbaijani or Russian page."""
    from django.apps import apps
    from django.utils.functional import Promise

    ours = {"accounts", "institutions", "assessments", "complaints", "cohorts"}
    untranslated = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in ours and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and not field.auto_created
        and not isinstance(field.verbose_name, Promise)
    ]
    assert untranslated == []
