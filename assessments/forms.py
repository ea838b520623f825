import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    ALLOWED_EVIDENCE_TYPES,
    ActionItem,
    Answer,
    AssessmentKind,
    Indicator,
    Questionnaire,
    QuestionnaireStatus,
    Response,
    TextLimitValidator,
    period_parse,
)
from .services import (
    AnswerEntry,
    ReviewEntry,
    answer_fingerprint,
    normalise_comment,
    review_fingerprint,
)

_text_limit = TextLimitValidator()


def _check_length(form: forms.Form, name: str) -> None:
    """A text over the limit is refused beside its field, which keeps it as typed; one stored
    before the limit existed passes while it is left as it was."""
    value = form.cleaned_data.get(name) or ""
    if normalise_comment(value) == normalise_comment(form[name].initial or ""):
        return
    try:
        _text_limit(value)
    except ValidationError as error:
        form.add_error(name, error)


class StartForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=Questionnaire.objects.filter(status=QuestionnaireStatus.PUBLISHED),
        empty_label=None,
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("A year (2026), a half-year (2026-H1) or a quarter (2026-Q3)."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=AssessmentKind.choices)

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip().upper()
        period_parse(period)  # shown beside the field, after "2026-h1" becomes "2026-H1"
        return period

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].initial = str(datetime.date.today().year)
        self.helper = FormHelper()
        self.helper.add_input(Submit("start", _("Start the assessment")))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PrincipleAnswersForm(forms.Form):
    """One principle's indicators: answer, comment, files; plus what the page showed of each."""

    def __init__(self, *args, indicators: list[Indicator], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            answer = indicator.answer
            response = answer.response if answer else ""
            comment = answer.comment if answer else ""
            choices = [
                (value, label)
                for value, label in Response.choices
                if value != Response.NA or indicator.allows_na
            ]
            prefix = self.prefix_for(indicator)
            self.fields[f"{prefix}-response"] = forms.ChoiceField(
                label=indicator.text,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=response,
            )
            self.fields[f"{prefix}-comment"] = forms.CharField(
                label=_("Evidence and comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=comment,
                help_text=_("Which document shows it, and where (page, section)."),
            )
            self.fields[f"{prefix}-version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=answer.version if answer else 0
            )
            self.fields[f"{prefix}-seen"] = forms.CharField(
                widget=forms.HiddenInput, initial=answer_fingerprint(response, comment)
            )
            self.fields[f"{prefix}-files"] = MultipleFileField(
                label=_("Attach files"),
                required=False,
                help_text=_("PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) or text; 10 MB each."),
                widget=MultipleFileInput(attrs={"accept": ",".join(ALLOWED_EVIDENCE_TYPES)}),
            )
            evidence = list(answer.evidence.all()) if answer else []
            self.fields[f"{prefix}-remove"] = forms.MultipleChoiceField(
                label=_("Remove files"),
                required=False,
                choices=[(str(item.pk), item.original_name) for item in evidence],
                widget=forms.CheckboxSelectMultiple,
            )

    @staticmethod
    def prefix_for(indicator: Indicator) -> str:
        return f"i{indicator.pk}"

    def clean(self) -> dict:
        cleaned = super().clean()
        for indicator in self.indicators:
            _check_length(self, f"{self.prefix_for(indicator)}-comment")
        return cleaned

    def rows(self) -> list[dict]:
        return [
            {
                "indicator": indicator,
                "response": self[f"{self.prefix_for(indicator)}-response"],
                "comment": self[f"{self.prefix_for(indicator)}-comment"],
                "version": self[f"{self.prefix_for(indicator)}-version"],
                "seen": self[f"{self.prefix_for(indicator)}-seen"],
                "files": self[f"{self.prefix_for(indicator)}-files"],
                "remove": self[f"{self.prefix_for(indicator)}-remove"],
            }
            for indicator in self.indicators
        ]

    def entries(self) -> list[AnswerEntry]:
        data = self.cleaned_data
        return [
            AnswerEntry(
                indicator=indicator,
                response=data[f"{self.prefix_for(indicator)}-response"],
                comment=data[f"{self.prefix_for(indicator)}-comment"],
                seen_version=data[f"{self.prefix_for(indicator)}-version"],
                seen_fingerprint=data[f"{self.prefix_for(indicator)}-seen"],
            )
            for indicator in self.indicators
        ]

    def add_refusal(self, error: ValidationError) -> None:
        """The service's reasons, beside the fields they name (a file field) or above all."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)

    def after_conflicts(self, indicators: list[Indicator]) -> "PrincipleAnswersForm":
        """After a save with conflicts: the user's own entries kept as typed (the page now counts
        as having shown the other save, so saving again keeps them on purpose); everything the
        user did not touch shows what is stored now, files included. ``indicators``: as stored
        now (``principle_indicators``)."""
        fresh = PrincipleAnswersForm(indicators=indicators)
        changed = {entry.indicator.pk for entry in self.entries() if entry.changed_by_user}
        data = self.data.copy()
        for indicator in indicators:
            prefix = self.prefix_for(indicator)
            fields = (
                ["version", "seen"]
                if indicator.pk in changed
                else ["version", "seen", "response", "comment"]
            )
            for name in fields:
                value = fresh[f"{prefix}-{name}"].initial
                data[f"{prefix}-{name}"] = "" if value is None else value
            data.setlist(f"{prefix}-remove", [])
        form = PrincipleAnswersForm(data, indicators=indicators)
        form.is_valid()
        return form

    def file_changes(self) -> list[tuple[Indicator, list, list[int]]]:
        changes = []
        for indicator in self.indicators:
            prefix = self.prefix_for(indicator)
            uploads = self.cleaned_data[f"{prefix}-files"]
            remove = [int(pk) for pk in self.cleaned_data[f"{prefix}-remove"]]
            if uploads or remove:
                changes.append((indicator, uploads, remove))
        return changes


class ReviewForm(forms.Form):
    """One principle's indicators: the reviewer's verdict and note, and what the page showed."""

    def __init__(self, *args, indicators: list[Indicator], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            answer = indicator.answer
            verdict = answer.review_verdict if answer else ""
            note = answer.review_note if answer else ""
            self.fields[f"i{indicator.pk}-verdict"] = forms.ChoiceField(
                label=_("Your verdict"),
                choices=[("", _("Agree with the institution"))]
                + [
                    (value, label)
                    for value, label in Response.choices
                    if value != Response.NA or indicator.allows_na
                ],
                required=False,
                initial=verdict,
            )
            self.fields[f"i{indicator.pk}-note"] = forms.CharField(
                label=_("Note to the institution"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=note,
            )
            # Without it (a page older than it), the page counts as having shown no review.
            self.fields[f"i{indicator.pk}-seen"] = forms.CharField(
                widget=forms.HiddenInput, initial=review_fingerprint(verdict, note), required=False
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        for indicator in self.indicators:
            _check_length(self, f"i{indicator.pk}-note")
        return cleaned

    def rows(self, conflicts: dict[int, Answer] | None = None) -> list[dict]:
        """Each indicator's fields, and the review another reviewer saved since the page was
        opened (``conflict``), or None."""
        return [
            {
                "indicator": indicator,
                "verdict": self[f"i{indicator.pk}-verdict"],
                "note": self[f"i{indicator.pk}-note"],
                "seen": self[f"i{indicator.pk}-seen"],
                "conflict": (conflicts or {}).get(indicator.pk),
            }
            for indicator in self.indicators
        ]

    def entries(self) -> list[ReviewEntry]:
        return [
            ReviewEntry(
                indicator=indicator,
                verdict=self.cleaned_data[f"i{indicator.pk}-verdict"],
                note=self.cleaned_data[f"i{indicator.pk}-note"],
                seen_fingerprint=self.cleaned_data[f"i{indicator.pk}-seen"]
                or review_fingerprint("", ""),
            )
            for indicator in self.indicators
        ]

    def after_conflicts(self, indicators: list[Indicator]) -> "ReviewForm":
        """After a save with conflicts: what this reviewer changed kept as typed (the page now
        counts as having shown the other review, so saving again replaces it on purpose);
        everything else shows what is stored now. ``indicators``: as stored now."""
        fresh = ReviewForm(indicators=indicators)
        changed = {entry.indicator.pk for entry in self.entries() if entry.changed_by_user}
        data = self.data.copy()
        for indicator in indicators:
            names = ["seen"] if indicator.pk in changed else ["seen", "verdict", "note"]
            for name in names:
                key = f"i{indicator.pk}-{name}"
                value = fresh[key].initial
                data[key] = "" if value is None else value
        form = ReviewForm(data, indicators=indicators)
        form.is_valid()
        return form


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the institution"),
        required=False,
        validators=[TextLimitValidator()],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the assessment: say what should change."),
    )


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["what", "responsible", "due_on", "status"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 3}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_due_on(self) -> datetime.date:
        due_on = self.cleaned_data["due_on"]
        if self.instance.pk is None and due_on < datetime.date.today():
            raise forms.ValidationError(_("Give a date from today on."))
        return due_on


class OfflineUploadForm(forms.Form):
    """A workbook downloaded for offline filling, sent back; the file itself is checked whole
    by ``offline.workbook_read``, so that every problem is listed at once."""

    file = forms.FileField(
        label=_("Filled-in workbook (.xlsx)"),
        help_text=_("The Excel file downloaded from this page; at most 2 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    mode = forms.ChoiceField(
        label=_("Answers already on the portal"),
        choices=[
            ("blanks", _("Fill blanks only: keep every answer already on the portal")),
            ("overwrite", _("Overwrite existing answers with the answers in the file")),
        ],
        widget=forms.RadioSelect,
        help_text=_("An empty cell never erases anything, in either case."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("upload", _("Check and save the answers")))
