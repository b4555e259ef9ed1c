"""Forms of the account pages. Each binds its errors to its fields (aria-describedby, aria-invalid)."""

from django import forms

from cpsprep import account_services


class _PasswordCheck(forms.Form):
    """A form that asks for the current password before doing something that cannot be undone."""

    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.", code="wrong_password")
        return password


class EmailChangeForm(_PasswordCheck):
    email = forms.EmailField(
        label="New email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
        help_text="We send a link to this address; your address changes when you open it.",
    )
    field_order = ["email", "password"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.lower() == (self.user.email or "").lower():
            raise forms.ValidationError("That is already your address.", code="same_email")
        if account_services.email_in_use(email=email, exclude_pk=self.user.pk):
            raise forms.ValidationError(
                "Another account already uses this email address.", code="duplicate_email"
            )
        return email


class AccountDeleteForm(_PasswordCheck):
    pass
