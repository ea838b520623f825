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


CONTACT_FIELDS = [
    "registration_number",
    "licence_number",
    "licence_issued_on",
    "address",
    "phone",
    "email",
    "website",
]
SIZE_FIELDS = ["branches", "active_clients", "gross_loan_portfolio", "figures_as_of"]
IDENTITY_FIELDS = ["code", "kind", "name_az", "name_en", "name_ru"]
DATE_WIDGETS = {
    "licence_issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "figures_as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}


class InstitutionContactsForm(FiguresDatedMixin, forms.ModelForm):
    """What an institution's own managers may change: contacts and size figures. The official
    names, code and kind are the central bank's (InstitutionProfileForm)."""

    class Meta:
        model = Institution
        fields = CONTACT_FIELDS + SIZE_FIELDS
        widgets = DATE_WIDGETS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.fieldsets(), Submit("save", _("Save")))

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(_("Registration and contact"), *CONTACT_FIELDS),
            Fieldset(_("Size"), *SIZE_FIELDS),
        ]


class InstitutionProfileForm(InstitutionContactsForm):
    """The whole profile, official names, code and kind included: regulators and administrators."""

    class Meta(InstitutionContactsForm.Meta):
        fields = IDENTITY_FIELDS + CONTACT_FIELDS + SIZE_FIELDS

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(_("Official names, code and kind"), *IDENTITY_FIELDS),
            *super().fieldsets(),
        ]
