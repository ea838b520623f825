from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from institutions.models import Institution

from .models import Cohort


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "description", "institutions", "trainers"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "institutions": forms.CheckboxSelectMultiple,
            "trainers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = Institution.objects.order_by("name_az")
        self.fields["trainers"].queryset = User.objects.filter(
            role=Role.TRAINER, is_active=True
        ).order_by("username")
        self.helper = FormHelper()
        self.helper.layout = Layout("name", "description", "institutions", "trainers")
        self.helper.add_input(Submit("save", _("Save")))
