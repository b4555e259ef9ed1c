from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from quizzes.models import LETTERS

# The largest numbers the database columns hold on SQLite and PostgreSQL alike. A posted number past them
# would reach the query and fail there (OverflowError, DataError) instead of being refused as unreadable.
MAX_ID = 2**63 - 1  # choice ids are BigAutoField
MAX_SEQUENCE = 2**31 - 1  # AttemptSlot.sequence is a PositiveIntegerField


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

    def clean_email(self) -> str:
        """The address, unless another account uses it in any case: a password reset or a trainer adding
        someone to a class by address must find one person, not two."""
        email = self.cleaned_data["email"]
        if email and get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Another account already uses this email address. Log in to it, or use another address.",
                code="duplicate_email",
            )
        return email


class ChoiceIdsField(forms.Field):
    """Every value of a repeated field (`choices=3&choices=5`) as ids: whole numbers from 1 to MAX_ID."""

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
        if any(not 1 <= pk <= MAX_ID for pk in ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return ids


class AnswerForm(forms.Form):
    """The posted answer of one question page. Choice validity is checked by the service.

    A single-answer page posts `choice`; a multiple-response page posts `multiple=1` and one `choices` per
    ticked box (none when every box is clear, which `multiple` tells apart from a post with no answer).
    """

    choice = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    multiple = forms.BooleanField(required=False)
    choices = ChoiceIdsField(required=False)
    sequence = forms.IntegerField(min_value=0, max_value=MAX_SEQUENCE)
    go = forms.ChoiceField(
        choices=[("next", "next"), ("prev", "prev"), ("stay", "stay"), ("summary", "summary")],
        required=False,
    )
