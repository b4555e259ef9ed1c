from django import forms

from study.models import PROBLEM_REPORT_MAX


class ProblemReportForm(forms.Form):
    message = forms.CharField(
        label="What is wrong with this question?",
        max_length=PROBLEM_REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "For example: two answers seem right, the feedback contradicts the explanation, "
            "or a word is unclear."
        ),
    )
