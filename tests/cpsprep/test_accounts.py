from django.contrib.auth import get_user_model
from django.urls import reverse


def test_sign_up_creates_a_candidate_and_logs_them_in(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "jordan",
            "email": "jordan@example.org",
            "password1": "recovery-is-possible-42",
            "password2": "recovery-is-possible-42",
        },
        follow=True,
    )
    user = get_user_model().objects.get(username="jordan")
    assert list(user.groups.values_list("name", flat=True)) == ["Candidates"]
    assert not user.is_staff
    assert "Signed in as jordan" in response.content.decode()
    # A new candidate lands on the dashboard, as log-in does, with the starter suggested there.
    assert response.redirect_chain[-1][0] == reverse("study:dashboard")


def test_sign_up_with_mismatched_passwords_explains_and_creates_nothing(client, db):
    response = client.post(
        reverse("signup"),
        {"username": "jordan", "password1": "recovery-is-possible-42", "password2": "something-else-42"},
    )
    assert response.status_code == 200
    assert "didn\u2019t match" in response.content.decode()
    assert not get_user_model().objects.filter(username="jordan").exists()


def test_sign_up_refuses_an_over_long_username(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "x" * 300,
            "password1": "recovery-is-possible-42",
            "password2": "recovery-is-possible-42",
        },
    )
    assert "at most 150 characters" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_log_in_and_log_out(client, casey):
    response = client.post(
        reverse("login"), {"username": "casey", "password": "a-long-test-password"}, follow=True
    )
    assert "Signed in as casey" in response.content.decode()
    response = client.post(reverse("logout"), follow=True)
    assert "Log in" in response.content.decode()
    assert "Signed in as" not in response.content.decode()


def test_every_page_carries_a_content_security_policy_without_inline_scripts(client, db):
    response = client.get(reverse("quizzes:home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "<script>" not in response.content.decode()


def _sign_up(client, username: str, email: str):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "email": email,
            "password1": "recovery-is-possible-42",
            "password2": "recovery-is-possible-42",
        },
    )


def test_sign_up_refuses_an_email_another_account_uses_whatever_its_case(client, casey):
    assert casey.email == "casey@example.org"
    response = _sign_up(client, "jordan", "  Casey@EXAMPLE.org ")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "email": ["Another account already uses this email address. Log in to it, or use another address."]
    }
    assert "Another account already uses this email address." in response.content.decode()
    assert not get_user_model().objects.filter(username="jordan").exists()
    assert "_auth_user_id" not in client.session


def test_sign_up_without_an_email_is_fine_even_when_others_left_it_blank(client, db):
    get_user_model().objects.create_user(username="sam", email="")
    response = _sign_up(client, "jordan", "")
    assert response.status_code == 302
    assert get_user_model().objects.get(username="jordan").email == ""


def test_log_in_error_is_announced_and_sign_up_uses_our_messages(client, db):
    """D18: the log-in error box is an alert; sign-up has novalidate so our messages, not pop-ups, show.
    D8: sign-up says exactly who sees a candidate's results."""
    page = client.post(
        reverse("login"), {"username": "nobody", "password": "wrong-password-1"}
    ).content.decode()
    assert (
        '<div class="alert alert-danger" role="alert">' in page and "Please enter a correct username" in page
    )
    signup = client.get(reverse("signup")).content.decode()
    assert "novalidate" in signup
    assert "Only you can see them" not in signup
    assert "If you join a class, its instructors see your results" in signup
