from django import forms

from quizzes.models import LETTERS

# The largest numbers the database columns hold on SQLite and PostgreSQL alike. A posted number past them
# would reach the query and fail there (OverflowError, DataError) instead of being refused as unreadable.
MAX_ID = 2**63 - 1  # choice ids are BigAutoField
MAX_SEQUENCE = 2**31 - 1  # AttemptSlot.sequence is a PositiveIntegerField


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
