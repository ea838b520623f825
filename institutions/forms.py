from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Institution


class InstitutionProfileForm(forms.ModelForm):
    """What an institution's own managers may change; code and kind stay with administrators."""

    class Meta:
        model = Institution
        fields = [
            "name_az",
            "name_en",
            "name_ru",
            "registration_number",
            "licence_number",
            "licence_issued_on",
            "address",
            "phone",
            "email",
            "website",
            "branches",
            "active_clients",
            "gross_loan_portfolio",
            "figures_as_of",
        ]
        widgets = {
            "licence_issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "figures_as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Names"), "name_az", "name_en", "name_ru"),
            Fieldset(
                _("Registration and contact"),
                "registration_number",
                "licence_number",
                "licence_issued_on",
                "address",
                "phone",
                "email",
                "website",
            ),
            Fieldset(
                _("Size"), "branches", "active_clients", "gross_loan_portfolio", "figures_as_of"
            ),
            Submit("save", _("Save")),
        )
