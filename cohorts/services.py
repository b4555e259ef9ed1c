"""Writes for cohorts. Keyword-only, one transaction each; views and commands call these."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone

from cohorts import item_analysis, selectors, statistics
from cohorts.models import (
    Assignment,
    AttemptsCounted,
    Cohort,
    ItemAnalysis,
    Membership,
    QuestionStatistics,
    QuestionStatisticsRun,
    ResultsImport,
)
from competencies.models import Competency
from quizzes import scoring
from quizzes.models import (
    LETTERS,
    Attempt,
    AttemptSlot,
    Choice,
    CompetencyScore,
    Kind,
    Question,
    Quiz,
    QuizItem,
    VersionChoice,
)
from quizzes.selectors import answered_from_choices
from quizzes.versions import current_versions


class CohortError(Exception):
    """A request refused with a message; `status` is the HTTP status a view answers with."""

    status = 400

    def __init__(self, message: str, *, lines: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.lines = lines or []


# --- membership ------------------------------------------------------------------------------------------


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


# --- item analysis ---------------------------------------------------------------------------------------


class NotAnalysable(CohortError):
    status = 409


def item_analysis_current(*, quiz: Quiz, cohort: Cohort | None = None, attempts: str = "all") -> ItemAnalysis:
    """The stored item analysis for this scope, computed again only if attempts were submitted since."""
    attempts = AttemptsCounted(attempts)
    if selectors.quiz_has_rules(quiz):
        raise NotAnalysable(
            "This quiz draws its questions from blueprint rules, so candidates see different questions. "
            "Item analysis covers quizzes with a fixed list of questions."
        )
    count, latest = selectors.scope_fingerprint(quiz=quiz, cohort=cohort)
    stored = ItemAnalysis.objects.filter(quiz=quiz, cohort=cohort, attempts=attempts).first()
    if (
        stored is not None
        and stored.attempt_count == count
        and stored.latest_submitted_at == latest
        and stored.data.get("format") == item_analysis.FORMAT
    ):
        return stored
    return item_analysis_compute(quiz=quiz, cohort=cohort, attempts=attempts, fingerprint=(count, latest))


@transaction.atomic
def item_analysis_compute(
    *,
    quiz: Quiz,
    cohort: Cohort | None = None,
    attempts: str = "all",
    fingerprint: tuple[int, datetime | None] | None = None,
) -> ItemAnalysis:
    """Compute the item analysis from database counts and store it."""
    count, latest = fingerprint or selectors.scope_fingerprint(quiz=quiz, cohort=cohort)
    items = selectors.fixed_items(quiz=quiz)
    counted = selectors.counted_attempts(quiz=quiz, cohort=cohort, attempts=attempts)
    counts = selectors.response_counts(attempts=counted, question_ids=[i.question_id for i in items])
    report = item_analysis.build_report(
        quiz_slug=quiz.slug,
        items=items,
        counts=counts,
        totals=selectors.total_counts(attempts=counted),
        versions=selectors.versions_shown(version_ids={c.version_id for c in counts}),
        max_mark=selectors.MAX_MARK,
    )
    values = {
        "attempt_count": count,
        "latest_submitted_at": latest,
        "computed_at": timezone.now(),
        "data": report,
    }
    try:
        with transaction.atomic():
            stored, _ = ItemAnalysis.objects.update_or_create(
                quiz=quiz, cohort=cohort, attempts=attempts, defaults=values
            )
    except IntegrityError:  # another request stored the same scope a moment ago; ours is as good
        stored = ItemAnalysis.objects.get(quiz=quiz, cohort=cohort, attempts=attempts)
    return stored


# --- item quality --------------------------------------------------------------------------------------


def question_statistics_current() -> QuestionStatisticsRun:
    """The stored statistics of every question, computed again only if attempts were submitted since."""
    fingerprint = selectors.submitted_fingerprint()
    run = QuestionStatisticsRun.objects.filter(pk=1).first()
    if run is not None and (run.attempt_count, run.latest_submitted_at) == fingerprint:
        return run
    return question_statistics_compute()


@transaction.atomic
def question_statistics_compute(*, force: bool = False) -> QuestionStatisticsRun:
    """Compute every question's statistics from database sums and store them, replacing the old ones.

    Without `force`, returns the stored run untouched when it turns out fresh once the lock is held (another
    request computed it meanwhile).
    """
    # The single run row is the lock: a second request arriving meanwhile waits, then finds the result fresh.
    run, created = QuestionStatisticsRun.objects.select_for_update().get_or_create(
        pk=1, defaults={"attempt_count": 0, "latest_submitted_at": None, "computed_at": timezone.now()}
    )
    count, latest = selectors.submitted_fingerprint()
    if not (force or created) and (run.attempt_count, run.latest_submitted_at) == (count, latest):
        return run
    newest: dict[int, selectors.VersionSums] = {}
    responses: dict[int, int] = {}
    for row in selectors.version_response_sums():
        responses[row.question_id] = responses.get(row.question_id, 0) + row.n
        if row.question_id not in newest or row.number > newest[row.question_id].number:
            newest[row.question_id] = row
    rows = [
        QuestionStatistics(
            question_id=question_id,
            version_id=v.version_id,
            responses=v.n,
            earlier_responses=responses[question_id] - v.n,
            facility=100 * v.sx / (v.n * selectors.MAX_MARK) if v.n else None,
            discrimination=statistics.discrimination_from_sums(
                n=v.n_d, sx=v.sx_d, sxx=v.sxx_d, sy=v.sy, syy=v.syy, sxy=v.sxy
            ),
        )
        for question_id, v in newest.items()
    ]
    QuestionStatistics.objects.all().delete()
    QuestionStatistics.objects.bulk_create(rows, batch_size=500)
    run.attempt_count, run.latest_submitted_at, run.computed_at = count, latest, timezone.now()
    run.save(update_fields=["attempt_count", "latest_submitted_at", "computed_at"])
    return run


# --- paper results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    attempts: int
    created_accounts: list[str]


def _fail(errors: list[str]) -> None:
    if errors:
        raise CohortError(
            f"Nothing was imported: {len(errors)} problem{'s' if len(errors) != 1 else ''} in the file.",
            lines=errors,
        )


MAX_CANDIDATE_LENGTH = 254  # the longest email address; usernames are shorter still
USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


def _new_account_problem(candidate: str) -> str | None:
    """Why `candidate` cannot name a new account, or None when it can."""
    if "@" in candidate:
        try:
            validate_email(candidate)
        except ValidationError:
            return f"'{candidate}' is not a valid email address"
        return None
    if not USERNAME.match(candidate):
        return f"'{candidate}' is not a valid username (letters, digits and . @ + - _ only, at most 150)"
    return None


def _digest(rows: list[tuple[int, str, list[str]]]) -> str:
    """A fingerprint of the file's content, blind to line endings, blank lines, spaces and letter case."""
    canonical = "\n".join(",".join([candidate.lower(), *answers]) for _, candidate, answers in rows)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _read_rows(text: str, question_count: int) -> tuple[list[tuple[int, str, list[str]]], list[str]]:
    """(line number, candidate, answers) for each readable data row, and the problems of the other rows.

    Raises at once when the file as a whole cannot be read (empty, not CSV, wrong header, no rows)."""
    if "\x00" in text:
        _fail(["The file contains NUL characters: it is not a plain-text CSV file."])
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as error:
        _fail([f"Line {reader.line_num}: this line cannot be read as CSV ({error})."])
    if not rows:
        _fail(["Line 1: the file is empty; it needs a header 'candidate,1,2,…'."])
    expected = ["candidate", *(str(n) for n in range(1, question_count + 1))]
    header = [cell.strip().lower() for cell in rows[0]]
    errors: list[str] = []
    if header != expected:
        errors.append(
            f"Line 1: the header must be '{','.join(expected)}' for this quiz's {question_count} questions."
        )
        _fail(errors)
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(expected):
            errors.append(f"Line {number}: expected {len(expected)} columns, found {len(row)}.")
            continue
        candidate = row[0].strip()
        if not candidate:
            errors.append(f"Line {number}: the candidate is missing.")
            continue
        if len(candidate) > MAX_CANDIDATE_LENGTH:
            errors.append(
                f"Line {number}: the candidate is longer than {MAX_CANDIDATE_LENGTH} characters; "
                "it must be a username or an email address."
            )
            continue
        out.append((number, candidate, [cell.strip().upper() for cell in row[1:]]))
    if not out and not errors:
        _fail(["The file has a header but no candidates."])
    return out, errors


@transaction.atomic
def results_import(
    *,
    quiz: Quiz,
    text: str,
    cohort: Cohort | None = None,
    create_missing: bool = False,
    members_only: bool = False,
) -> ImportSummary:
    """Import paper exam results: each CSV row becomes a submitted, scored attempt. All or nothing.

    Staff accounts are never imported. With `members_only` (the instructor's upload page) every existing
    account in the file must already be a member of `cohort`; only new accounts (`create_missing`) join it."""
    if not quiz.is_published:
        raise CohortError("Paper results can be imported only for a published quiz.")
    if selectors.quiz_has_rules(quiz):
        raise CohortError("Paper results can be imported only for a quiz with a fixed list of questions.")
    items = list(
        QuizItem.objects.filter(quiz=quiz)
        .select_related("question__competency")
        .prefetch_related(Prefetch("question__choices", queryset=Choice.objects.order_by("position", "id")))
        .order_by("position", "pk")
    )
    if not items:
        raise CohortError("This quiz has no questions to import answers for.")
    rows, errors = _read_rows(text, len(items))
    lookup = _users_by_identifier([candidate for _, candidate, _ in rows])
    found = lookup.found
    members = (
        set(
            Membership.objects.active()
            .filter(cohort=cohort, user_id__in={user.pk for user in found.values()})
            .values_list("user_id", flat=True)
        )
        if members_only and cohort is not None
        else set()
    )
    first_line: dict[object, int] = {}
    for number, candidate, answers in rows:
        who = found[candidate.lower()].pk if candidate.lower() in found else candidate.lower()
        if who in first_line:
            errors.append(f"Line {number}: '{candidate}' already has a row, on line {first_line[who]}.")
        first_line.setdefault(who, number)
        user = found.get(candidate.lower())
        if candidate.lower() in lookup.ambiguous:
            errors.append(
                f"Line {number}: '{candidate}' is the email of several accounts; use the username instead."
            )
        elif user is not None and user.is_staff:
            errors.append(f"Line {number}: '{candidate}' is a staff account; staff are never imported.")
        elif user is not None and members_only and cohort is not None and user.pk not in members:
            errors.append(
                f"Line {number}: '{candidate}' is not a member of this class; add them on Members first."
            )
        elif user is None:
            if not create_missing:
                errors.append(
                    f"Line {number}: no account '{candidate}' (to create one, tick 'Create inactive "
                    "accounts' on the upload page, or use --create-missing)."
                )
            elif problem := _new_account_problem(candidate):
                errors.append(f"Line {number}: no account {problem}, so none can be created.")
        for index, answer in enumerate(answers):
            question = items[index].question
            choices = len(question.choices.all())
            multiple = question.kind == Kind.MULTIPLE
            letters = _letters(answer, multiple=multiple)
            if any(len(letter) != 1 or letter not in LETTERS[:choices] for letter in letters):
                several = (
                    "; several letters, such as AC, for this multiple-response question" if multiple else ""
                )
                errors.append(
                    f"Line {number}, question {index + 1}: '{answer}' is not one of {LETTERS[0]} to "
                    f"{LETTERS[choices - 1]} (leave it blank for no answer{several})."
                )
            elif len(set(letters)) != len(letters):
                errors.append(f"Line {number}, question {index + 1}: '{answer}' names a choice twice.")
    errors.sort(key=lambda e: int(re.match(r"Line (\d+)", e).group(1)))
    _fail(errors)
    digest = _digest(rows)
    try:
        with transaction.atomic():
            ResultsImport.objects.create(quiz=quiz, cohort=cohort, digest=digest, attempts=len(rows))
    except IntegrityError:
        earlier = ResultsImport.objects.filter(quiz=quiz, digest=digest).first()
        when = f" on {earlier.imported_at:%Y-%m-%d %H:%M}" if earlier else ""
        raise CohortError(
            f"These results were already imported for this quiz{when}; nothing was imported again."
        ) from None

    known_ids = {user.pk for user in found.values()}
    created = _accounts_create(
        [candidate for _, candidate, _ in rows if candidate.lower() not in found], found
    )
    if cohort is not None:
        user_ids = {found[c.lower()].pk for _, c, _ in rows}
        existing = set(
            Membership.objects.filter(cohort=cohort, user_id__in=user_ids).values_list("user_id", flat=True)
        )
        # An account made by this import has nobody yet to ask, so it joins at once; an existing account
        # that is not a member gets an invitation like any other, and its results stay hidden until it
        # accepts. Paper attempts are dated now, after either moment.
        Membership.objects.bulk_create(
            [
                Membership(
                    cohort=cohort,
                    user_id=pk,
                    status=Membership.Status.INVITED if pk in known_ids else Membership.Status.ACTIVE,
                )
                for pk in user_ids - existing
            ]
        )

    questions: list[Question] = [item.question for item in items]
    versions = current_versions(questions)
    version_choices = _version_choices(versions)
    competencies = {c.pk: c for c in Competency.objects.all()}
    now = timezone.now()
    attempts = []
    slot_rows: list[list[AttemptSlot]] = []
    results = []
    ticks: list[tuple[AttemptSlot, list[VersionChoice]]] = []
    for _, candidate, answers in rows:
        slots = []
        answered = []
        for index, question in enumerate(questions):
            version = versions[question.pk]
            vchoices = version_choices[version.pk]
            multiple = version.kind == Kind.MULTIPLE
            letters = _letters(answers[index], multiple=multiple)
            chosen = [vchoices[LETTERS.index(letter)] for letter in letters]
            answer = answered_from_choices(
                competency=competencies[version.competency_id], multiple=multiple, chosen=chosen
            )
            slot = AttemptSlot(
                position=index + 1,
                question=question,
                version=version,
                choice_order=[c.pk for c in vchoices],
                selected=chosen[0] if chosen and not multiple else None,
                is_correct=bool(answer.chosen_correct),
                answered_at=now if answer.chosen_correct is not None else None,
            )
            slots.append(slot)
            answered.append(answer)
            if multiple and chosen:
                ticks.append((slot, chosen))
        result = scoring.score(answered, pass_mark=quiz.pass_mark)
        results.append(result)
        slot_rows.append(slots)
        attempts.append(
            Attempt(
                user=found[candidate.lower()],
                quiz=quiz,
                status=Attempt.Status.SUBMITTED,
                started_at=now,
                submitted_at=now,
                pass_mark=quiz.pass_mark,
                correct_count=result.correct,
                question_count=result.total,
                score_percent=result.percent,
                passed=result.passed,
            )
        )
    Attempt.objects.bulk_create(attempts)
    for attempt, slots in zip(attempts, slot_rows, strict=True):
        for slot in slots:
            slot.attempt = attempt
    AttemptSlot.objects.bulk_create([slot for slots in slot_rows for slot in slots])
    Ticked = AttemptSlot.selections.through
    Ticked.objects.bulk_create(
        [Ticked(attemptslot_id=slot.pk, versionchoice_id=c.pk) for slot, chosen in ticks for c in chosen]
    )
    by_slug = {c.slug: c.pk for c in competencies.values()}
    CompetencyScore.objects.bulk_create(
        [
            CompetencyScore(
                attempt=attempt, competency_id=by_slug[r.competency.slug], correct=r.correct, asked=r.asked
            )
            for attempt, result in zip(attempts, results, strict=True)
            for r in result.by_competency
        ]
    )
    return ImportSummary(attempts=len(attempts), created_accounts=created)


def _letters(answer: str, *, multiple: bool) -> list[str]:
    """The letters of a paper answer: one for a single-answer question (none when blank); every letter for a
    multiple-response one, where 'AC', 'A C', 'A;C' and 'A+C' all tick A and C."""
    if multiple:
        return [letter for letter in re.split(r"[\s,;+/]*", answer) if letter]
    return [answer] if answer else []


def _version_choices(versions: dict) -> dict[int, list[VersionChoice]]:
    out: dict[int, list] = {}
    choices = VersionChoice.objects.filter(version__in=versions.values()).select_related("concept")
    for choice in choices.order_by("version", "position"):
        out.setdefault(choice.version_id, []).append(choice)
    return out


def _accounts_create(identifiers: list[str], found: dict) -> list[str]:
    """Inactive accounts for unknown candidates (no usable password); adds them to `found`."""
    created = []
    User = get_user_model()
    for ident in dict.fromkeys(identifiers):
        is_email = "@" in ident
        base = re.sub(r"[^\w.+-]", "", ident.split("@")[0])[:140] or "candidate"
        username = base
        suffix = 1
        while User.objects.filter(username__iexact=username).exists():
            suffix += 1
            username = f"{base}{suffix}"
        user = User(username=username, email=ident if is_email else "", is_active=False)
        user.set_unusable_password()
        user.save()
        found[ident.lower()] = user
        created.append(username)
    return created
