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


def make_questionnaire(
    *, principles: int = 2, indicators: int = 3, code: str = "test-q", weights=None
):
    """A published questionnaire of the given size; indicator 1 of each principle is critical,
    the last one allows 'not applicable'; ``weights`` by position, 1 each if not given."""
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
                weight=weights[position - 1] if weights else 1,
            )
            for position in range(1, indicators + 1)
        )
    questionnaire_publish(questionnaire=questionnaire)
    return questionnaire


class PublicationFactory(factory.django.DjangoModelFactory):
    """A published calendar-month table (rule and totals filled in plausibly); give it rows
    with ``PublicationRowFactory``."""

    class Meta:
        model = "complaints.Publication"

    month = datetime.date(2026, 10, 1)
    kind = Kind.BANK
    period_type = "month"
    revision = 1
    rule_name = "band 0.8-1.2"
    method = "band"
    lower = 0.8
    upper = 1.2
    reference = "sector"
    confidence = 0.95
    reference_value = 1.0
    total_complaints = 100
    total_clients = 1_000_000
    not_listed = 0


class PublicationRowFactory(factory.django.DjangoModelFactory):
    """An institution's frozen row; names and code as the institution has them."""

    class Meta:
        model = "complaints.PublicationRow"

    publication = factory.SubFactory(PublicationFactory)
    institution = factory.SubFactory(InstitutionFactory, kind=Kind.BANK)
    institution_code = factory.LazyAttribute(lambda row: row.institution.code)
    name_az = factory.LazyAttribute(lambda row: row.institution.name_az)
    name_en = factory.LazyAttribute(lambda row: row.institution.name_en)
    name_ru = factory.LazyAttribute(lambda row: row.institution.name_ru)
    complaints = 10
    complaint_share = 0.1
    clients = 100_000
    client_share = 0.1
    index = 1.0
    expected = 10.0
    index_low = factory.LazyAttribute(lambda row: row.index * 0.5)
    index_high = factory.LazyAttribute(lambda row: row.index * 1.8)
    funnel = "within"
    zone = "yellow"


def make_result(
    institution,
    questionnaire,
    scores: dict[int, float | None],
    *,
    period: str = "2026",
    status: str = "submitted",
    submitted_at: datetime.datetime | None = None,
    kind: str = "self",
):
    """An assessment with a result as submission leaves it: status, submission time and a
    score per principle (by number; principles not given get none)."""
    from django.utils import timezone

    from assessments.models import Assessment, PrincipleScore
    from assessments.periods import Period

    span = Period.parse(period)
    assessment = Assessment.objects.create(
        institution=institution,
        questionnaire=questionnaire,
        period_start=span.start,
        period_end=span.end,
        status=status,
        submitted_at=submitted_at or timezone.now(),
        kind=kind,
    )
    PrincipleScore.objects.bulk_create(
        PrincipleScore(
            assessment=assessment,
            principle=principle,
            score=scores[principle.number],
            earned=0,
            possible=0,
            applicable=1,
            total=1,
        )
        for principle in questionnaire.principles.all()
        if principle.number in scores
    )
    return assessment
