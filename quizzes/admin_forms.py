"""Forms behind the question admin: the checks trainers see, shared with imports through `quizzes.rules`."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst

from competencies.models import Competency
from quizzes import rules
from quizzes.formats import FormatError, decode, join_scenario
from quizzes.models import Choice, Question

UPLOAD_LIMIT_BYTES = 2 * 1024 * 1024
UPLOAD_SALT = "quizzes.question-import"


def _limit_texts(form: forms.ModelForm, names: list[str]) -> None:
    """The same length limit as imports (`rules.MAX_TEXT`), checked on the server and shown to the browser."""
    for name in names:
        field = form.fields.get(name)
        if field is not None:
            field.max_length = rules.MAX_TEXT
            field.validators.append(MaxLengthValidator(rules.MAX_TEXT))
            field.widget.attrs["maxlength"] = str(rules.MAX_TEXT)


class QuestionAdminForm(forms.ModelForm):
    """Question fields; `warnings` collects what is worth a look but does not block saving."""

    class Meta:
        model = Question
        fields = [
            "key",
            "status",
            "title",
            "competency",
            "difficulty",
            "contrast",
            "kind",
            "scenario",
            "stem",
            "explanation",
        ]
        error_messages = {
            "competency": {
                "required": "Choose the competency this question tests: every answer is scored on one."
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        _limit_texts(self, ["scenario", "stem", "explanation"])
        if "kind" in self.fields:  # a form posted without it keeps the question's kind
            self.fields["kind"].required = False

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.instance.kind or rules.SINGLE

    def clean(self):
        cleaned = super().clean()
        scenario, stem = cleaned.get("scenario") or "", cleaned.get("stem") or ""
        if stem:
            others = Question.objects.exclude(pk=self.instance.pk).values_list("key", "scenario", "stem")
            copies = rules.near_duplicates(
                join_scenario(scenario, stem), ((k, join_scenario(s, t)) for k, s, t in others)
            )
            if copies:
                self.warnings.append(
                    f"This question reads almost the same as {', '.join(copies[:5])}. Check it is not a copy."
                )
        return cleaned


class ChoiceAdminForm(forms.ModelForm):
    weight = forms.DecimalField(
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-100,
        max_value=100,
        label="weight %",
        help_text="Multiple response: percent of the mark. Single answer: leave empty and tick correct.",
    )

    class Meta:
        model = Choice
        fields = ["position", "text", "is_correct", "weight", "feedback", "concept"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_texts(self, ["text", "feedback"])
        # A tabular inline shows its labels only as column headings; name each field for screen readers.
        row = self.prefix.rsplit("-", 1)[-1] if self.prefix else ""
        number = f" {int(row) + 1}" if row.isdigit() else ""
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("aria-label", f"Choice{number}: {capfirst(field.label or name)}")

    def clean_weight(self) -> Decimal:
        return self.cleaned_data["weight"] or Decimal(0)


class ChoiceInlineFormSet(BaseInlineFormSet):
    """The choices of one question, checked together against the question's kind and status.

    Single answer and true/false: the ticked choice weighs 100 (a wrong choice may keep a negative weight).
    Multiple response: the weights decide, and `correct` follows them; ticking boxes without weights shares
    100 % equally among the ticked choices.
    """

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kind = self.instance.kind or rules.SINGLE
        status = self.instance.status
        live = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("text", "").strip()
        ]
        flags = [bool(form.cleaned_data.get("is_correct")) for form in live]
        typed = [Decimal(form.cleaned_data.get("weight") or 0) for form in live]
        if kind == rules.MULTIPLE:
            weights = rules.weights_from_flags(kind, flags) if any(flags) and not any(typed) else typed
        elif any(flags):
            weights = [
                Decimal(100) if flag else min(w, Decimal(0)) for flag, w in zip(flags, typed, strict=True)
            ]
        else:
            weights = typed
        for form, weight in zip(live, weights, strict=True):
            form.cleaned_data["weight"] = weight
            form.cleaned_data["is_correct"] = weight > 0
            form.instance.weight = weight
            form.instance.is_correct = weight > 0
        problems = rules.choice_problems(
            kind=kind,
            weights=weights,
            texts=[form.cleaned_data["text"] for form in live],
            require_correct=status == Question.Status.PUBLISHED,
        )
        problems = rules.publish_problems(status=status, weights=weights) + problems
        if problems:
            raise forms.ValidationError(list(dict.fromkeys(problems)))


class ImportUploadForm(forms.Form):
    FORMATS = [
        ("gift", "GIFT (Moodle)"),
        ("aiken", "Aiken"),
        ("csv", "CSV (spreadsheet)"),
        ("json", "JSON (CPS Prep)"),
    ]

    file = forms.FileField(help_text="UTF-8 text, at most 2 MB.")
    format = forms.ChoiceField(choices=FORMATS)
    competency = forms.ModelChoiceField(
        queryset=Competency.objects.select_related("framework"),
        required=False,
        help_text="For questions whose file names no competency or an unknown category.",
    )
    quiz = forms.SlugField(
        required=False,
        help_text="Optional: create this quiz (or add to it) with the questions, in file order.",
    )
    skip_unsupported = forms.BooleanField(
        required=False,
        label="Skip question types we do not serve",
        help_text="Otherwise a file of short-answer, numerical, matching or essay questions imports none.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_LIMIT_BYTES:
            raise forms.ValidationError(f"The file is {upload.size:,} bytes; the limit is 2 MB.")
        try:
            return decode(upload.read())
        except FormatError as error:
            raise forms.ValidationError(f"{error.where}: {error.message}.") from None

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["file"],
            "format": data["format"],
            "competency": data["competency"].slug if data["competency"] else "",
            "framework": data["competency"].framework.slug if data["competency"] else "",
            "quiz": data["quiz"],
            "skip_unsupported": data["skip_unsupported"],
        }


class ImportConfirmForm(forms.Form):
    """The previewed upload, signed so that what is confirmed is exactly what was previewed."""

    payload = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def sign(payload: dict) -> str:
        return signing.dumps(payload, salt=UPLOAD_SALT, compress=True)

    def clean_payload(self) -> dict:
        try:
            return signing.loads(self.cleaned_data["payload"], salt=UPLOAD_SALT, max_age=3600)
        except signing.BadSignature:
            raise forms.ValidationError(
                "This preview has expired or was altered; upload the file again."
            ) from None
