"""The complaint categories and zone rules that ship by default (loaded by a migration, and
again by seed_demo if a database was emptied)."""

CATEGORIES = [
    # code, counts toward the index, az, en, ru
    ("cards", True, "Ödəniş kartları", "Payment cards", "Платёжные карты"),
    ("payments", True, "Ödənişlər və köçürmələr", "Payments and transfers", "Платежи и переводы"),
    ("accounts", True, "Hesablar və əmanətlər", "Accounts and deposits", "Счета и вклады"),
    ("cash", True, "Nağd pul əməliyyatları", "Cash operations", "Кассовые операции"),
    ("loans", True, "Kreditə xidmət", "Loan servicing", "Обслуживание кредитов"),
    ("fees", True, "Haqlar və komissiyalar", "Fees and charges", "Сборы и комиссии"),
    (
        "remote_banking",
        True,
        "Distant bank xidmətləri",
        "Remote banking",
        "Дистанционное обслуживание",
    ),
    ("service", True, "Xidmət keyfiyyəti", "Quality of service", "Качество обслуживания"),
    ("other", True, "Digər", "Other", "Прочее"),
    (
        "loan_concession",
        False,
        "Kredit üzrə güzəştlər",
        "Loan concessions (relief)",
        "Льготы по кредитам",
    ),
    ("loan_request", False, "Kredit istənilməsi", "Requests for a loan", "Просьбы о кредите"),
    (
        "outside_mandate",
        False,
        "Mərkəzi Bankın səlahiyyətlərinə aid olmayan mövzular",
        "Outside the central bank's authority",
        "Вне полномочий Центрального банка",
    ),
]


def load_defaults(category_model, rule_model) -> None:
    """Create what is missing; takes the model classes so that a migration can pass its own."""
    existing = set(category_model.objects.values_list("code", flat=True))
    category_model.objects.bulk_create(
        category_model(
            code=code,
            counts_toward_index=counts,
            name_az=az,
            name_en=en,
            name_ru=ru,
            position=position,
        )
        for position, (code, counts, az, en, ru) in enumerate(CATEGORIES, start=1)
        if code not in existing
    )
    rule_model.objects.get_or_create(
        name="Band 0.80-1.20",
        defaults={"method": "band", "lower": "0.800", "upper": "1.200", "is_default": True},
    )
    rule_model.objects.get_or_create(
        name="Poisson 95%", defaults={"method": "significance", "confidence": "0.950"}
    )


def complaint_defaults_load() -> None:
    from .models import ComplaintCategory, ZoneRule

    load_defaults(ComplaintCategory, ZoneRule)
