"""Account self-service writes and reads: email change, deletion and the personal-data export.

Password reset and change are Django's own views; these cover what Django has no view for.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from cohorts.models import Membership
from quizzes.models import Accommodation, Attempt, AttemptSlot
from study.models import Bookmark, ProblemReport, ReviewCard, StudySession

EMAIL_CHANGE_SALT = "cpsprep.accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 3 * 24 * 3600  # seconds a confirmation link stays good
DELETED_PREFIX = "deleted-"


class AccountError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def email_in_use(*, email: str, exclude_pk: int | None = None) -> bool:
    """Whether another account uses this address in any letter case (the database enforces the same)."""
    others = get_user_model().objects.filter(email__iexact=email.strip())
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return bool(email.strip()) and others.exists()


def email_change_request(*, user, new_email: str, confirm_url_for) -> None:
    """Send a signed link to the new address; the address changes only when that link is opened, so a typo
    or someone else's address never takes over the account's password resets.

    The token names the current address too: once the address has changed, every older link is dead.
    """
    token = signing.dumps({"u": user.pk, "new": new_email, "old": user.email}, salt=EMAIL_CHANGE_SALT)
    body = render_to_string(
        "registration/email_change_email.txt",
        {"user": user, "new_email": new_email, "url": confirm_url_for(token), "days": 3},
    )
    send_mail("Confirm your new CPS Prep email address", body, settings.DEFAULT_FROM_EMAIL, [new_email])


def email_change_check(*, user, token: str) -> str:
    """The new address a confirmation link carries, if it is this account's, fresh and still applicable."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired:
        raise AccountError("This link has expired. Ask for a new one from your account page.") from None
    except signing.BadSignature:
        raise AccountError("This link is not valid. Ask for a new one from your account page.") from None
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("old") != user.email:
        raise AccountError("This link is not for your account as it is now. Ask for a new one.")
    return str(data["new"])


@transaction.atomic
def email_change_confirm(*, user, token: str) -> str:
    new_email = email_change_check(user=user, token=token)
    if email_in_use(email=new_email, exclude_pk=user.pk):
        raise AccountError("Another account uses that address now, so yours was not changed.")
    user.email = new_email
    user.save(update_fields=["email"])
    return new_email


@transaction.atomic
def account_delete(*, user) -> None:
    """Erase the account and its personal data. Submitted attempts are kept, but anonymised: moved to a new
    nameless, inactive account that belongs to no class, so the pooled question statistics stay true while
    nothing links them to the person. Everything else personal goes: email, name, log-in history,
    memberships, bookmarks, the review queue, accommodations, open attempts; problem reports stay without
    their reporter."""
    User = get_user_model()
    ghost = User.objects.create(username=f"{DELETED_PREFIX}{secrets.token_hex(8)}", is_active=False)
    ghost.set_unusable_password()
    ghost.save(update_fields=["password"])
    Attempt.objects.filter(user=user, status=Attempt.Status.SUBMITTED).update(user=ghost)
    # personal quizzes stay marked personal (hidden from every list), now the ghost's
    StudySession.objects.filter(user=user).update(user=ghost)
    _forget_log_ins(user.get_username())
    user.delete()  # cascades: memberships, bookmarks, review cards, accommodation, other attempts


def _forget_log_ins(username: str) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=username).delete()


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def account_export(*, user) -> dict[str, Any]:
    """Everything the site keeps about this person, as plain data for a JSON download."""
    attempts = (
        Attempt.objects.filter(user=user)
        .select_related("quiz")
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=AttemptSlot.objects.select_related("version", "selected")
                .prefetch_related("selections")
                .order_by("position"),
            )
        )
        .order_by("started_at")
    )
    return {
        "format": "cpsprep-personal-data/1",
        "exported_at": _when(timezone.now()),
        "profile": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "accommodation": [
            {"extra_time_percent": a.extra_time_percent, "note": a.note}
            for a in Accommodation.objects.filter(user=user)
        ],
        "classes": [
            {
                "class": m.cohort.name,
                "status": m.get_status_display(),
                "joined_at": _when(m.joined_at) if m.is_active else None,
                "shares_earlier_practice": m.shares_history,
            }
            for m in Membership.objects.filter(user=user).select_related("cohort")
        ],
        "attempts": [
            {
                "quiz": a.quiz.title,
                "status": a.get_status_display(),
                "started_at": _when(a.started_at),
                "submitted_at": _when(a.submitted_at),
                "score_percent": float(a.score_percent) if a.score_percent is not None else None,
                "passed": a.passed,
                "answers": [
                    {
                        "position": s.position,
                        "question": s.version.title,
                        "chosen": sorted(c.label for c in s.selections.all())
                        or ([s.selected.label] if s.selected else []),
                        "correct": s.is_correct,
                        "flagged": s.flagged,
                        "answered_at": _when(s.answered_at),
                    }
                    for s in a.slots.all()
                ],
            }
            for a in attempts
        ],
        "review_queue": [
            {
                "question": c.question.title,
                "due": _when(c.due),
                "last_review": _when(c.last_review),
                "reviews": c.reviews,
                "lapses": c.lapses,
            }
            for c in ReviewCard.objects.filter(user=user).select_related("question")
        ],
        "bookmarks": [
            {"question": b.question.title, "created_at": _when(b.created_at)}
            for b in Bookmark.objects.filter(user=user).select_related("question")
        ],
        "problem_reports": [
            {
                "question": r.question.title,
                "message": r.message,
                "status": r.get_status_display(),
                "created_at": _when(r.created_at),
            }
            for r in ProblemReport.objects.filter(reporter=user).select_related("question")
        ],
    }
