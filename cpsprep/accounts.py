"""Sign-up and account self-service. Log in, log out, password reset and password change are Django's own
views (cpsprep/urls.py); these are the pages Django has none for."""

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cpsprep import account_services
from cpsprep.account_forms import AccountDeleteForm, EmailChangeForm
from cpsprep.forms import SignUpForm

CANDIDATES = "Candidates"


@transaction.atomic
def candidate_register(*, form: SignUpForm):
    """Create the account and put it in the Candidates group."""
    user = form.save()
    group, _ = Group.objects.get_or_create(name=CANDIDATES)
    user.groups.add(group)
    return user


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("quizzes:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = candidate_register(form=form)
        except IntegrityError:
            # another sign-up took the name or address a moment after the form's check: the database's
            # unique indexes refused this one, and the form says which
            form = SignUpForm(request.POST)
            form.is_valid()
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("study:dashboard")  # where log-in lands too (LOGIN_REDIRECT_URL)
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/account.html")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["email"]
        try:
            account_services.email_change_request(
                user=request.user,
                new_email=new_email,
                confirm_url_for=lambda token: request.build_absolute_uri(
                    reverse("email_change_confirm", args=[token])
                ),
            )
        except OSError:  # the mail server refused or is down: say so, change nothing
            form.add_error(None, "The confirmation email could not be sent just now. Please try again later.")
        else:
            messages.success(
                request, f"We sent a link to {new_email}. Your address changes when you open it."
            )
            return redirect("account")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/email_change.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what will change; only the button's POST changes it (link scanners open GETs)."""
    try:
        if request.method == "POST":
            new_email = account_services.email_change_confirm(user=request.user, token=token)
            messages.success(request, f"Your email address is now {new_email}.")
            return redirect("account")
        new_email = account_services.email_change_check(user=request.user, token=token)
    except account_services.AccountError as error:
        return render(
            request, "error.html", {"title": "Email not changed", "message": error.message}, status=400
        )
    return render(request, "registration/email_change_confirm.html", {"new_email": new_email})


@login_required
@require_safe
def data_download(request: HttpRequest) -> HttpResponse:
    data = account_services.account_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cpsprep-my-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    if request.user.is_staff:
        return render(
            request,
            "error.html",
            {
                "title": "Staff accounts are closed by an administrator",
                "message": "Your account runs classes or the question bank: ask an administrator to close "
                "it.",
            },
            status=403,
        )
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_services.account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account and your personal data have been deleted.")
        return redirect("quizzes:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/account_delete.html", {"form": form}, status=status)
