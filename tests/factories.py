import datetime

import factory

from accounts.models import Role, User
from institutions.models import Institution, Kind


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"inst-{n}")
    kind = Kind.NBCO
    name_az = factory.Sequence(lambda n: f"Ümid Şəki Kredit {n} BOKT")
    name_en = factory.Sequence(lambda n: f"Umid Sheki Credit {n} NBCO")
    name_ru = factory.Sequence(lambda n: f"НБКО Умид Шеки Кредит {n}")
    branches = 4
    active_clients = 12500
    figures_as_of = datetime.date(2026, 9, 30)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.REGULATOR
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    class Params:
        manager = factory.Trait(
            role=Role.MANAGER, institution=factory.SubFactory(InstitutionFactory)
        )
        regulator = factory.Trait(role=Role.REGULATOR)
        trainer = factory.Trait(role=Role.TRAINER)
        administrator = factory.Trait(role=Role.ADMIN, is_staff=True)

    @factory.post_generation
    def saved(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.save()


def make_questionnaire(*, principles: int = 2, indicators: int = 3, code: str = "test-q"):
    """A published questionnaire of the given size; indicator 1 of each principle is critical,
    the last one allows 'not applicable'."""
    from assessments.models import Indicator, Principle, Questionnaire
    from assessments.questionnaires import questionnaire_publish

    questionnaire = Questionnaire.objects.create(
        code=code, version="1", title_az="Sınaq sorğusu", title_en="Test questionnaire"
    )
    for number in range(1, principles + 1):
        principle = Principle.objects.create(
            questionnaire=questionnaire,
            number=number,
            code=f"P{number}",
            title_az=f"Prinsip {number}",
            title_en=f"Principle {number}",
            title_ru=f"Принцип {number}",
        )
        Indicator.objects.bulk_create(
            Indicator(
                principle=principle,
                code=f"{number}.{position}",
                position=position,
                text_az=f"İndikator {number}.{position}",
                text_en=f"Indicator {number}.{position}",
                text_ru=f"Индикатор {number}.{position}",
                is_critical=position == 1,
                allows_na=position == indicators and position != 1,
            )
            for position in range(1, indicators + 1)
        )
    questionnaire_publish(questionnaire=questionnaire)
    return questionnaire
