from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from quizzes.models import LETTERS


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False,
        help_text="Optional. Only used if you forget your password or your trainer adds you to a class.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}  # our own messages, not the browser's pop-ups
        self.helper.add_input(Submit("submit", "Create my account"))


class ChoiceIdsField(forms.Field):
    """Every value of a repeated field (`choices=3&choices=5`) as positive whole numbers."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "Those answers could not be read."}

    def to_python(self, value) -> list[int]:
        values = value or []
        if len(values) > len(LETTERS):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            ids = [int(v) for v in values]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(pk < 1 for pk in ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return ids


class AnswerForm(forms.Form):
    """The posted answer of one question page. Choice validity is checked by the service.

    A single-answer page posts `choice`; a multiple-response page posts `multiple=1` and one `choices` per
    ticked box (none when every box is clear, which `multiple` tells apart from a post with no answer).
    """

    choice = forms.IntegerField(required=False, min_value=1)
    multiple = forms.BooleanField(required=False)
    choices = ChoiceIdsField(required=False)
    sequence = forms.IntegerField(min_value=0)
    go = forms.ChoiceField(
        choices=[("next", "next"), ("prev", "prev"), ("stay", "stay"), ("summary", "summary")],
        required=False,
    )
