"""Who may load, compute and publish the complaint index, and see an institution's complaints
(the role predicates: accounts/rules.py). The published tables are public: no rule."""

import rules

from accounts.rules import admin_only, is_administrator, is_regulator
from institutions.rules import manages_institution

rules.add_perm("complaints.manage_complaints", is_administrator | is_regulator)
rules.add_perm(
    "complaints.view_institution_complaints",
    is_administrator | is_regulator | manages_institution,
)
admin_only("complaints", "complaintcategory", "zonerule", actions=("view", "add", "change"))
# The audit history (django-simple-history, complaint imports): administrators only.
admin_only(
    "complaints",
    "publication",
    "clientcountchange",
    "complaint",
    "clientcount",
    "complaintimport",
    actions=("view",),
)
admin_only("complaints", "complaint", "clientcount", actions=("change",))
