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
        self.helper.add_input(Submit("submit", "Create my account"))


class AnswerForm(forms.Form):
    """The posted answer of one question page. Choice validity is checked by the service."""

    choice = forms.IntegerField(required=False, min_value=1)
    sequence = forms.IntegerField(min_value=0)
    go = forms.ChoiceField(
        choices=[("next", "next"), ("prev", "prev"), ("stay", "stay"), ("summary", "summary")],
        required=False,
    )
