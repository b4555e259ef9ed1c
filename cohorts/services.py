"""Writes for cohorts: membership and assignments. Keyword-only, one transaction each; views and commands call
these. The paper import is in cohorts/paper.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from cohorts.models import Assignment, Cohort, Membership
from quizzes.models import Quiz


class CohortError(Exception):
    """A request refused with a message; `status` is the HTTP status a view answers with."""

    status = 400

    def __init__(self, message: str, *, lines: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.lines = lines or []


STAFF_CANNOT_JOIN = "Staff accounts are never members of a class; use a candidate account to join one."


@transaction.atomic
def cohort_join(*, user, code: str) -> Cohort:
    """Join the cohort whose join code this is (spaces and case ignored). Joining twice is harmless.

    Typing the code is the candidate's own act, so it makes an active membership at once (and accepts an
    invitation to the same class, from now on)."""
    if user.is_staff:
        error = CohortError(STAFF_CANNOT_JOIN)
        error.status = 403
        raise error
    cleaned = re.sub(r"\s+", "", code or "").upper()
    cohort = Cohort.objects.filter(join_code=cleaned).first() if cleaned else None
    if cohort is None:
        error = CohortError("No class has that join code. Check it with your instructor.")
        error.status = 404
        raise error
    membership, created = Membership.objects.get_or_create(cohort=cohort, user=user)
    if not created and not membership.is_active:
        _activate(membership)
    return cohort


def _activate(membership: Membership) -> None:
    membership.status = Membership.Status.ACTIVE
    membership.joined_at = timezone.now()
    membership.save(update_fields=["status", "joined_at"])


@transaction.atomic
def cohort_leave(*, user, cohort: Cohort) -> None:
    """Leave a class, or decline its invitation: its instructors no longer see this candidate's results.
    Leaving twice is harmless."""
    Membership.objects.filter(cohort=cohort, user=user).delete()


@transaction.atomic
def membership_accept(*, user, cohort: Cohort) -> Membership:
    """Accept an invitation: from now on the class's instructors see this candidate's results (from this
    moment on, plus the class's assignments). Accepting twice is harmless."""
    membership = Membership.objects.select_for_update().filter(cohort=cohort, user=user).first()
    if membership is None:
        error = CohortError("There is no invitation to this class for your account.")
        error.status = 404
        raise error
    if not membership.is_active:
        _activate(membership)
    return membership


@transaction.atomic
def membership_share_history(*, user, cohort: Cohort, share: bool) -> Membership:
    """Let the class's instructors see (or stop seeing) this member's attempts from before they joined."""
    membership = Membership.objects.active().filter(cohort=cohort, user=user).first()
    if membership is None:
        error = CohortError("You are not a member of this class.")
        error.status = 404
        raise error
    membership.shares_history = share
    membership.save(update_fields=["shares_history"])
    return membership


MAX_IDENTIFIER_LENGTH = 254  # the longest email address; usernames are shorter still
MAX_NAMES_PER_REQUEST = 300  # a class is small; a longer list is a mistake, and is refused with a message
LOOKUP_CHUNK = 500  # identifiers per query, well under every database's limit on bound parameters


def _split_identifiers(text: str) -> list[str]:
    seen: dict[str, str] = {}
    for token in re.split(r"[\s,;]+", text or ""):
        token = token.strip()
        if token and token.lower() not in seen:
            seen[token.lower()] = token
    return list(seen.values())


@dataclass(frozen=True)
class Lookup:
    """Accounts found for identifiers, keyed by the lower-cased identifier; `ambiguous` holds the lower-cased
    emails that more than one account uses (none of them is picked)."""

    found: dict[str, object]
    ambiguous: set[str]


def _users_by_identifier(identifiers: list[str]) -> Lookup:
    """Users found by username or email (case-insensitive). A username match wins; an email shared by two or
    more accounts (and no account's username) is ambiguous and finds nobody."""
    # a NUL can name no account, and PostgreSQL refuses it in a query
    lowered = list(dict.fromkeys(i.lower() for i in identifiers if "\x00" not in i))
    by_username: dict[str, object] = {}
    by_email: dict[str, list] = {}
    users = get_user_model().objects.annotate(username_lower=Lower("username"), email_lower=Lower("email"))
    for start in range(0, len(lowered), LOOKUP_CHUNK):
        chunk = lowered[start : start + LOOKUP_CHUNK]
        for user in users.filter(Q(username_lower__in=chunk) | Q(email_lower__in=chunk)).order_by("pk"):
            if user.username_lower in chunk:
                by_username.setdefault(user.username_lower, user)
            if user.email_lower and user.email_lower in chunk:
                by_email.setdefault(user.email_lower, [])
                if user not in by_email[user.email_lower]:
                    by_email[user.email_lower].append(user)
    found: dict[str, object] = {}
    ambiguous: set[str] = set()
    for key in lowered:
        if key in by_username:
            found[key] = by_username[key]
        elif len(by_email.get(key, [])) == 1:
            found[key] = by_email[key][0]
        elif key in by_email:
            ambiguous.add(key)
    return Lookup(found=found, ambiguous=ambiguous)


def _check_names(identifiers: list[str]) -> None:
    """Refuse a request with too many names, or a name too long to be a username or an email address."""
    if len(identifiers) > MAX_NAMES_PER_REQUEST:
        raise CohortError(
            f"{len(identifiers)} names is more than the {MAX_NAMES_PER_REQUEST} that can be added at once, "
            "so nobody was added. Add them in smaller groups."
        )
    too_long = [i for i in identifiers if len(i) > MAX_IDENTIFIER_LENGTH]
    if too_long:
        raise CohortError(
            f"{len(too_long)} of the names are longer than {MAX_IDENTIFIER_LENGTH} characters, so nobody was "
            "added: each must be a username or an email address.",
            lines=[f"Too long: {name[:40]}… ({len(name)} characters)" for name in too_long[:20]],
        )


class MemberOutcome:
    """What the members form answers for one name. It never tells a staff account from an unknown one, nor
    says anything about an account beyond whether it can be invited."""

    INVITED = "invited"
    ALREADY = "already a member"
    NOT_FOUND = "no account we can invite"


@dataclass(frozen=True)
class MembersInvited:
    """Each name as typed, with its outcome, in the order given."""

    outcomes: list[tuple[str, str]]

    def names(self, outcome: str) -> list[str]:
        return [name for name, said in self.outcomes if said == outcome]


@transaction.atomic
def members_add(*, cohort: Cohort, text: str) -> MembersInvited:
    """Invite the listed usernames or emails to the cohort. Nobody becomes a member without accepting: an
    existing account gets an invitation on its classes page, and the instructors see nothing of it until the
    candidate accepts. Names that are unknown, staff, or an email two accounts share are all answered
    alike."""
    identifiers = _split_identifiers(text)
    if not identifiers:
        raise CohortError("Paste or upload at least one username or email address.")
    _check_names(identifiers)
    lookup = _users_by_identifier(identifiers)
    users = {}
    for name in identifiers:
        user = lookup.found.get(name.lower())
        if user is not None and not user.is_staff and name.lower() not in lookup.ambiguous:
            users[name] = user
    existing = {
        m.user_id: m
        for m in Membership.objects.filter(cohort=cohort, user_id__in=[u.pk for u in users.values()])
    }
    new_ids = {u.pk for u in users.values()} - set(existing)
    Membership.objects.bulk_create(
        [Membership(cohort=cohort, user_id=pk, status=Membership.Status.INVITED) for pk in new_ids],
        ignore_conflicts=True,
    )
    outcomes = []
    for name in identifiers:
        user = users.get(name)
        if user is None:
            outcomes.append((name, MemberOutcome.NOT_FOUND))
        elif user.pk in existing and existing[user.pk].is_active:
            outcomes.append((name, MemberOutcome.ALREADY))
        else:
            outcomes.append((name, MemberOutcome.INVITED))
    return MembersInvited(outcomes=outcomes)


DUE_BEFORE_START = timedelta(days=365)  # a due date may lie at most this long before the cohort starts
DUE_AHEAD = timedelta(days=5 * 365)  # and at most this far ahead of today


def due_at_problem(*, cohort: Cohort, due_at: datetime) -> str | None:
    """Why `due_at` cannot be an assignment's due date in this cohort, or None when it can."""
    earliest = timezone.make_aware(datetime.combine(cohort.starts_on, time.min)) - DUE_BEFORE_START
    latest = timezone.now() + DUE_AHEAD
    if due_at < earliest:
        return f"The due date must be on or after {earliest:%Y-%m-%d}, a year before the class starts."
    if due_at > latest:
        return f"The due date must be on or before {latest:%Y-%m-%d}, five years from today."
    return None


@transaction.atomic
def assignment_set(*, cohort: Cohort, quiz: Quiz, due_at: datetime) -> Assignment:
    """Assign a published quiz to the cohort, or move the due date of an existing assignment."""
    if not quiz.is_published:
        raise CohortError("Only a published quiz can be assigned.")
    if problem := due_at_problem(cohort=cohort, due_at=due_at):
        raise CohortError(problem)
    assignment, _ = Assignment.objects.update_or_create(cohort=cohort, quiz=quiz, defaults={"due_at": due_at})
    return assignment
