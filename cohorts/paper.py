"""Paper exam results: a CSV of candidates' letters imported as submitted, scored attempts. All or nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from cohorts.models import Cohort, Membership, ResultsImport
from cohorts.services import CohortError, _users_by_identifier
from quizzes import records
from quizzes.models import LETTERS, Choice, Kind, Quiz, QuizItem


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
    if quiz.rules.exists():
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

    sheets = [
        records.AnswerSheet(
            user=found[candidate.lower()],
            chosen=[_positions(answer, item.question) for item, answer in zip(items, answers, strict=True)],
        )
        for _, candidate, answers in rows
    ]
    attempts = records.attempts_record(quiz=quiz, sheets=sheets)
    return ImportSummary(attempts=len(attempts), created_accounts=created)


def _letters(answer: str, *, multiple: bool) -> list[str]:
    """The letters of a paper answer: one for a single-answer question (none when blank); every letter for a
    multiple-response one, where 'AC', 'A C', 'A;C' and 'A+C' all tick A and C."""
    if multiple:
        return [letter for letter in re.split(r"[\s,;+/]*", answer) if letter]
    return [answer] if answer else []


def _positions(answer: str, question) -> list[int]:
    return [LETTERS.index(letter) for letter in _letters(answer, multiple=question.kind == Kind.MULTIPLE)]


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
