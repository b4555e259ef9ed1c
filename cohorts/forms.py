from django import forms
from django.conf import settings

from cohorts import services
from quizzes.models import Quiz

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _read_upload(upload) -> str:
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError("The file is larger than 2 MB.")
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError("The file must be plain text (CSV) in UTF-8.") from error


class StyledForm(forms.Form):
    """Bootstrap classes on every widget. Django ties help and errors to the field itself (aria-describedby
    "<id>_helptext <id>_error", aria-invalid), with the ids templates/cohorts/_field.html gives them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class JoinForm(StyledForm):
    code = forms.CharField(label="Join code", max_length=32, help_text="Your instructor gives you this code.")


class SharingForm(forms.Form):
    share = forms.ChoiceField(
        label="Your practice from before you joined",
        choices=[
            ("no", "Keep it to myself: instructors see only what I do from now on, and assignments"),
            ("yes", "Share it with this class's instructors"),
        ],
        widget=forms.RadioSelect,
    )


class MembersForm(StyledForm):
    names = forms.CharField(
        label="Usernames or email addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line, or separated by commas.",
    )
    upload = forms.FileField(label="Or upload a text or CSV file of them", required=False)

    def clean(self):
        data = super().clean()
        text = data.get("names") or ""
        if data.get("upload"):
            text += "\n" + _read_upload(data["upload"])
        if not text.strip():
            self.add_error("names", "Paste or upload at least one username or email address.")
        data["text"] = text
        return data


class AssignmentForm(StyledForm):
    quiz = forms.ModelChoiceField(queryset=Quiz.objects.published(), label="Quiz")
    due_at = forms.DateTimeField(
        label="Due",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=f"Date and time in the {settings.TIME_ZONE} time zone.",
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort

    def clean_due_at(self):
        due_at = self.cleaned_data["due_at"]
        if problem := services.due_at_problem(cohort=self.cohort, due_at=due_at):
            raise forms.ValidationError(problem)
        return due_at


class ResultsUploadForm(StyledForm):
    # Published quizzes only: an unpublished one may be a candidate's personal drill, whose title is private.
    quiz = forms.ModelChoiceField(
        queryset=Quiz.objects.published().filter(rules__isnull=True).distinct(), label="Quiz"
    )
    upload = forms.FileField(
        label="Results file (CSV)", help_text="Header candidate,1,2,…; one row per candidate, letters A, B, …"
    )
    create_missing = forms.BooleanField(
        required=False,
        label="Create inactive accounts for candidates who have none, and add them to the cohort",
    )

    def clean_upload(self):
        return _read_upload(self.cleaned_data["upload"])
