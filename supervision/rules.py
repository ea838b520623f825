"""Who may open the supervision dashboard (the role predicates: accounts/rules.py), and who
sees an institution's position on its page."""

import rules

from accounts.models import User
from accounts.rules import is_administrator, is_regulator
from institutions.models import Institution

rules.add_perm("supervision.view_dashboard", is_administrator | is_regulator)


def sees_position(user: User, institution: Institution) -> bool:
    """Whoever opens the dashboard, and the institution's own managers (the same rule as
    for its complaints)."""
    return user.has_perm("supervision.view_dashboard") or user.has_perm(
        "complaints.view_institution_complaints", institution
    )
