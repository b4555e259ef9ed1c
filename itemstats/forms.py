from django import forms

from itemstats.models import AttemptsCounted


class AttemptsForm(forms.Form):
    attempts = forms.ChoiceField(
        choices=AttemptsCounted.choices, initial=AttemptsCounted.ALL, label="Attempts counted", required=False
    )
