"""Django's user admin with the project's one-account-per-email rule checked on the form, so a duplicate is a
message on the field instead of the database index's error."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from cpsprep import account_services

User = get_user_model()


class _UniqueEmail:
    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        if email and account_services.email_in_use(email=email, exclude_pk=self.instance.pk):
            raise forms.ValidationError("Another account already uses this email address.")
        return email


class UserChange(_UniqueEmail, UserChangeForm):
    pass


class UserCreate(_UniqueEmail, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


admin.site.unregister(User)


@admin.register(User)
class CpsPrepUserAdmin(UserAdmin):
    form = UserChange
    add_form = UserCreate
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )
