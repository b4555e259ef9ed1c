"""Sign-up. Log in and log out are Django's own views."""

from django.contrib.auth import login
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

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
        user = candidate_register(form=form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("study:dashboard")  # where log-in lands too (LOGIN_REDIRECT_URL)
    return render(request, "registration/signup.html", {"form": form})
