"""Sign-up's form. Accounts belong to the project, not to the quiz engine."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm


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
