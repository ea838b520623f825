from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.models import Kind

from .models import PeriodType, ZoneRule


class UploadForm(forms.Form):
    what = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("complaints", _("Complaints")), ("client_counts", _("Client counts"))],
        widget=forms.RadioSelect,
        initial="complaints",
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (comma or semicolon; UTF-8, Windows-1254 or Windows-1251) or .xlsx."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )


class TableForm(forms.Form):
    kind = forms.ChoiceField(label=_("Institutions"), choices=Kind.choices, initial=Kind.BANK)
    period = forms.ChoiceField(label=_("Period"), choices=PeriodType.choices, initial="month")
    rule = forms.ModelChoiceField(
        label=_("Zone rule"), queryset=ZoneRule.objects.all(), empty_label=None, required=False
    )


class PublishForm(forms.Form):
    rule = forms.ModelChoiceField(
        label=_("Zone rule"), queryset=ZoneRule.objects.all(), empty_label=None
    )
    note = forms.CharField(
        label=_("Note for the record"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
