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
