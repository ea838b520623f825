from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Institution


class FiguresDatedMixin:
    """Size figures need the date they refer to: said on the date field itself."""

    def clean(self):
        cleaned = super().clean()
        figures = ("branches", "active_clients", "gross_loan_portfolio")
        has_figures = any(cleaned.get(name) is not None for name in figures)
        if "figures_as_of" in self.fields:
            as_of = cleaned.get("figures_as_of")
        else:
            as_of = self.instance.figures_as_of
        if has_figures and not as_of and "figures_as_of" not in self.errors:
            self.add_error(
                "figures_as_of" if "figures_as_of" in self.fields else None,
                _("Give the date the size figures refer to (figures as of)."),
            )
        return cleaned


class InstitutionProfileForm(FiguresDatedMixin, forms.ModelForm):
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
