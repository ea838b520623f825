"""The roles, as predicates every app's ``rules.py`` builds its permissions from.

Each app decides who may see or change its own objects in its ``rules.py`` (django-rules,
found by ``rules.apps.AutodiscoverRulesConfig``); views ask ``user.has_perm(perm, obj)`` and
list pages the ``*_visible_to`` function beside the rules, so both answer from the same place.
"""

import rules

from .models import Role, User


@rules.predicate
def is_administrator(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN)


@rules.predicate
def is_regulator(user: User) -> bool:
    return user.is_authenticated and user.role == Role.REGULATOR


@rules.predicate
def is_trainer(user: User) -> bool:
    return user.is_authenticated and user.role == Role.TRAINER


@rules.predicate
def is_manager(user: User) -> bool:
    return user.is_authenticated and user.role == Role.MANAGER


is_supervisor = is_regulator | is_trainer


def admin_only(
    app_label: str, *models: str, actions: tuple[str, ...] = ("view", "add", "change", "delete")
) -> None:
    """The Django admin's permissions on ``models`` of ``app_label``: administrators only."""
    for model in models:
        for action in actions:
            rules.add_perm(f"{app_label}.{action}_{model}", is_administrator)


admin_only("accounts", "user")
