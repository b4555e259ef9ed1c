"""The bank linter: flaws that let a test-wise candidate answer without reading, or that make an item hard to
read, found in plain data. Pure: no database, no Django; `lint_bank`, the admin and the tests feed it.

An item is checked on its own (`item_findings`), against the rest of the bank (`near_duplicates`), and the
bank as a whole gets figures (`bank_figures`), among them the choice-only baseline: a small model that never
sees the scenario or the stem, trained on other items' keyed and unkeyed choices, and asked to pick the key.
Every threshold is in `THRESHOLDS`, each with the reason for its value.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

# --------------------------------------------------------------------------------------------------------
# Thresholds: the one place. The test suite holds the shipped bank to these (tests/quizzes/test_bank_lint.py)
# and docs/content-guide.md explains them to trainers.


@dataclass(frozen=True)
class Thresholds:
    # A key at least 10 % longer than every wrong choice stands out at a glance; below that, length
    # differences are noise a reader does not notice.
    key_longer_by: float = 0.10
    # Share of single-answer items whose key is the longest choice (ties count). With four choices chance is
    # 25 %; a little above chance is unavoidable when keys must say enough to be defensible, far above it is a
    # cue ("pick the longest"). The old bank was at 35 %+ and "pick the second-longest" scored 71 %.
    key_longest_rate: float = 0.28
    # Accuracy of the choice-only baseline at picking the key (chance is 25 % for four choices). 35 % leaves
    # room for the noise of a few hundred items; more means the keys have a style a candidate can learn.
    baseline_accuracy: float = 0.35
    # Flesch-Kincaid grades. Many candidates had their schooling interrupted: the typical choice should read
    # at US grade 8 or below, and no item (scenario, stem and choices read together) above grade 12.
    median_choice_grade: float = 8.0
    max_item_grade: float = 12.0
    # A stem or a choice above grade 12 is flagged on its own, so a writer sees which sentence to split.
    max_part_grade: float = 12.0
    # ...but only when it has this many words: on a five-word question one long word swings the formula by
    # several grades ("What is Hector's most valuable contribution?" scores 12), which says nothing.
    min_words_for_grade: int = 10
    # Words. A choice is one idea (aim 10-18 words); an item is read on a phone in a minute or so.
    max_choice_words: int = 25
    median_item_words: float = 110.0
    # An item over 150 words is flagged on its own: the median can hide a few very long ones.
    max_item_words: int = 150
    # Near-duplicates: share of word pairs (2-shingles) two items' scenario + stem have in common. In the old
    # bank, whose items were checked by eye to be distinct, no pair went above 0.15; one situation retold with
    # a few words changed stays above 0.5. 0.30 sits between them.
    near_duplicate_jaccard: float = 0.30
    # Quiz order patterns. Each limit is set so that a random order of a 40-item quiz trips it by chance in
    # about 1 in 50 quizzes or less, so a flag is worth a look.
    max_run: int = 5  # the same key letter this many times in a row
    max_cycle_matches: int = 6  # letters repeating with a period of 2-4 (A-B-C-D-A-B-...) this many times
    # Chi-square, 3 degrees of freedom, p = 0.05: letter totals this uneven happen by chance 1 time in 20.
    imbalance_chi2: float = 7.815
    min_items_for_imbalance: int = 8
    # Folds of the baseline's cross-validation, and its seed, so every run gives the same figure.
    folds: int = 5
    seed: int = 11
    # The logit's passes over the training items and first step size: enough to converge on a few hundred
    # items (more passes changed no figure by more than a point) while the whole baseline stays within
    # seconds.
    logit_epochs: int = 6
    logit_rate: float = 0.5


THRESHOLDS = Thresholds()

# --------------------------------------------------------------------------------------------------------
# Plain data in


@dataclass(frozen=True)
class LintChoice:
    text: str
    correct: bool
    feedback: str = ""
    concept: str | None = None


@dataclass(frozen=True)
class LintQuestion:
    key: str
    stem: str
    choices: tuple[LintChoice, ...]
    title: str = ""
    competency: str = ""
    kind: str = "single"
    difficulty: str = "medium"
    contrast: bool = False
    status: str = "published"
    scenario: str = ""
    explanation: str = ""
    source: str = ""  # the file it came from, or "" for the database

    @property
    def keyed(self) -> list[int]:
        return [i for i, c in enumerate(self.choices) if c.correct]


@dataclass(frozen=True)
class Finding:
    key: str
    check: str
    message: str
    # "flaw": the test suite refuses it in the shipped bank. "warning": worth a look, not always wrong.
    level: str = "flaw"

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


# Check codes, each with the trainer-facing label used in admin's filter. No code is part of another, so a
# stored space-separated list can be filtered with a plain "contains".
CHECKS: dict[str, str] = {
    "key-longest": "Key is the longest choice",
    "absolute-words": "Absolute words only in wrong choices",
    "stem-echo": "Scenario/stem word echoed only in the key",
    "negative-task": "Negative task not in capitals",
    "near-duplicate": "Near-duplicate of another item",
    "stem-grade": "Stem reads above grade 12",
    "choice-grade": "Choice reads above grade 12",
    "item-grade": "Item reads above grade 12",
    "choice-words": "Choice over 25 words",
    "item-words": "Item over 150 words",
    "concept-feedback": "Feedback does not name the choice's concept",
    "explanation": "Explanation misses the competency or the tempting choice",
    "british-spelling": "British spelling",
    "language": "Language that is not person-first",
    "exam-claim": "Claim about the official exam",
    "only-exception": "Says 'the only exception'",
}


def question_from_dict(item: Mapping, *, source: str = "") -> LintQuestion:
    """A question as the cpsprep-questions JSON format writes it (docs/question-format.md)."""
    return LintQuestion(
        key=str(item.get("key", "")),
        title=item.get("title", "") or "",
        competency=item.get("competency", "") or "",
        kind=item.get("kind", "single") or "single",
        difficulty=item.get("difficulty", "medium") or "medium",
        contrast=bool(item.get("contrast", False)),
        status=item.get("status", "published") or "published",
        scenario=item.get("scenario", "") or "",
        stem=item.get("stem", "") or "",
        explanation=item.get("explanation", "") or "",
        choices=tuple(
            LintChoice(
                text=c.get("text", "") or "",
                correct=bool(c["weight"] > 0) if c.get("weight") is not None else bool(c.get("correct")),
                feedback=c.get("feedback", "") or "",
                concept=c.get("concept") or None,
            )
            for c in item.get("choices", [])
        ),
        source=source,
    )


# --------------------------------------------------------------------------------------------------------
# Words, syllables, reading grade

WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*|\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"[.!?]+(?:[\"'\u2019\u201d)\]]*)(?=\s|$)")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def _lower_words(text: str) -> list[str]:
    return [w.lower().replace("\u2019", "'") for w in words(text)]


def syllables(word: str) -> int:
    """English syllables by vowel groups, with the usual corrections: a silent final e ("take"), a silent
    -ed ("asked", not "wanted"), a silent -es ("makes", not "places")."""
    w = re.sub(r"[^a-z]", "", word.lower().replace("\u2019", "'").split("'")[0])
    if not w:
        return 1 if any(ch.isdigit() for ch in word) else 0
    if len(w) <= 3:
        return 1
    silent_ed = w.endswith("ed") and w[-3] not in "tdaeiouy"
    silent_es = w.endswith("es") and w[-3] not in "aeiouysxzcg" and w[-4:-2] not in ("ch", "sh")
    if silent_ed or silent_es:
        w = w[:-2]
    elif w.endswith("e") and not w.endswith(("le", "ee", "ie", "ye")):
        w = w[:-1]
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]+", w)))


def sentence_count(text: str) -> int:
    return max(1, len(SENTENCE_END.findall(text.strip())) or 1)


def fk_grade(text: str) -> float:
    """Flesch-Kincaid grade level: 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    ws = words(text)
    if not ws:
        return 0.0
    n_sentences = sentence_count(text)
    n_syllables = sum(syllables(w) for w in ws)
    return 0.39 * len(ws) / n_sentences + 11.8 * n_syllables / len(ws) - 15.59


def item_text(q: LintQuestion) -> str:
    """What a candidate reads: scenario, stem and choices. Choices are sentences of their own."""
    parts = [q.scenario, q.stem] + [_as_sentence(c.text) for c in q.choices]
    return " ".join(p for p in parts if p)


def _as_sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def item_words(q: LintQuestion) -> int:
    return len(words(item_text(q)))


# --------------------------------------------------------------------------------------------------------
# Word lists

STOPWORDS = frozenset(
    """a about after again all also am an and any are as at be because been before being both but by can
    could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself yourselves""".split()  # noqa: SIM905 (a word list reads best as text)
)
# Words that make a claim absolute. A test-wise reader learns that choices with them are wrong.
ABSOLUTE = frozenset(
    """all always never none nothing every everyone everything everybody nobody only must completely entirely
    totally immediately""".split()  # noqa: SIM905
)
ABSOLUTE_PHRASES = ("right away", "straight away", "at once", "no matter what", "under any circumstances")
COMPETENCY_NOT = re.compile(r"in[- ]but[- ]not[- ]of(?:[- ]the[- ]system)?", re.I)
NEGATIVE_TASK = re.compile(r"\b(not|except|least)\b|\b\w+n['\u2019]t\b", re.I)
# Conservative list of British spellings likely in this bank; US English is the house style.
BRITISH = re.compile(
    r"\b((?:organ|recogn|real|apolog|priorit|stigmat|minim|critic|summar|personal|normal|categor|special|util"
    r"|hospital|familiar|sympath|emphas|author|character|maxim|mobil|optim|jeopard|memor|visual|legal|final"
    r"|patron|trivial|marginal|institutional|vandal|energ|central|subsid|general|penal|social)is(?:e|ed|es|ing|ation|ations)"
    r"|analys(?:e|ed|es|ing)|paralys(?:e|ed|es|ing)|colour\w*|behaviour\w*|favour\w*|honour\w*|neighbour\w*"
    r"|labour\w*|humour\w*|centre|centres|programme|programmes|judgement\w*|practis(?:e|ed|es|ing)|licence"
    r"|defence|offence|travelled|travelling|cancelled|cancelling|counselled|counselling|counsellors?|labelled"
    r"|labelling|modelled|modelling|whilst|amongst|learnt|enrol|enrols|enrolment|fulfil|fulfils|grey|cheques?"
    r"|catalogue|mum|jewellery|tyres?|kerb|storey|aluminium|mould\w*|sceptic\w*|paediatric\w*)\b",
    re.I,
)
# Words the bank avoids outside quotation marks (an item may quote them to teach why not).
NOT_PERSON_FIRST = re.compile(
    r"\b(had a slip|a slip\b|slipped up|relaps(?:e|ed|es|ing)"
    r"|(?:stay|stays|stayed|staying|been|got|is|was|being) clean|clean and sober|clean time"
    r"|addicts?|junkies?|schizophrenics?|non-?compliant|the mentally ill"
    r"|frequent flyers?|crazy|psycho|lunatics?)\b",
    re.I,
)
# "The only exception is a safety risk" is not true (mandated reporting and court orders exist).
ONLY_EXCEPTION = re.compile(r"\b(?:the )?only exception\b", re.I)
QUOTED = re.compile(
    r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|(?<![A-Za-z])'[^']*'(?![A-Za-z])|\u2018[^\u2019]*\u2019"
)
EXAM_CLAIM = re.compile(
    r"(\bthe (official |real |actual )?(cps )?exam (has|is|lasts|takes|costs|requires)\b"
    r"|\b(exam|certification|test)\b[^.]{0,40}\$\s?\d|\$\s?\d[^.]{0,40}\b(exam|certification|test)\b"
    r"|\bpass(ing)? (mark|score) (is|of) \d|\b\d+ (questions|minutes|hours) (long|on the exam))",
    re.I,
)

# How feedback and explanations may name a concept, beyond its full name ("That moves into clinical work").
CONCEPT_WORDS: dict[str, tuple[str, ...]] = {
    "peer-support": ("peer support",),
    "in-but-not-of-the-system": ("in but not of",),
    "change-agent": ("change agent",),
    "community-engagement": ("community engagement",),
    "clinical-treatment": ("clinical", "clinician", "treatment", "diagnos", "therapy", "therapist"),
    "case-management": ("case manag",),
    "compliance-monitoring": ("compliance", "monitor"),
    "personal-friendship": ("friendship", "friend"),
}


def _stem_of(word: str) -> str:
    """A crude stem, enough to match "listen"/"listening", "ask"/"asks"/"asked"."""
    w = word.lower().replace("\u2019", "'")
    w = re.sub(r"'s$", "", w)
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def content_stems(text: str) -> set[str]:
    return {_stem_of(w) for w in _lower_words(text) if len(w) >= 4 and w not in STOPWORDS}


def names_concept(text: str, slug: str, names: Mapping[str, str]) -> bool:
    low = " ".join(_lower_words(text))
    phrases = {names.get(slug, slug.replace("-", " ")).lower(), slug.replace("-", " ")}
    phrases.update(CONCEPT_WORDS.get(slug, ()))
    return any(p in low for p in phrases)


def _absolutes(text: str) -> set[str]:
    low = " ".join(_lower_words(text))
    found = {w for w in low.split() if w in ABSOLUTE}
    found.update(p for p in ABSOLUTE_PHRASES if p in low)
    return found


# --------------------------------------------------------------------------------------------------------
# One item


def most_tempting(q: LintQuestion) -> int | None:
    """The wrong choice most likely to draw a candidate who knows a little: one tagged with a concept (the
    distractor the item is built around), and among equals the one sharing most words with the key."""
    keyed = q.keyed
    wrong = [i for i in range(len(q.choices)) if i not in keyed]
    if not wrong or not keyed:
        return None
    key_words = set().union(*(content_stems(q.choices[i].text) for i in keyed))

    def pull(i: int) -> tuple[int, int, int]:
        c = q.choices[i]
        tagged = int(bool(c.concept) and c.concept != q.competency)
        return (tagged, len(content_stems(c.text) & key_words), -i)

    return max(wrong, key=pull)


def item_findings(q: LintQuestion, names: Mapping[str, str], t: Thresholds = THRESHOLDS) -> list[Finding]:
    """Everything wrong with one item on its own (near-duplicates need the bank: `near_duplicates`)."""
    out: list[Finding] = []

    def add(check: str, message: str, level: str = "flaw") -> None:
        out.append(Finding(q.key, check, message, level))

    keyed = q.keyed
    single = q.kind == "single" and len(keyed) == 1
    letters = "ABCDEFGH"
    if single and len(q.choices) > 1:
        k = keyed[0]
        key_len = len(q.choices[k].text.strip())
        others = max(len(c.text.strip()) for i, c in enumerate(q.choices) if i != k)
        if others and key_len >= (1 + t.key_longer_by) * others:
            add(
                "key-longest",
                f"the key ({letters[k]}) is {round(100 * (key_len / others - 1))} % longer than every wrong "
                "choice; make a wrong choice as long, or the key shorter",
                "warning",
            )
    if q.kind != "truefalse" and keyed:
        key_abs = set().union(*(_absolutes(q.choices[i].text) for i in keyed))
        wrong_abs = {
            letters[i]: _absolutes(c.text)
            for i, c in enumerate(q.choices)
            if i not in keyed and _absolutes(c.text)
        }
        if wrong_abs and not key_abs:
            listed = "; ".join(f"{letter}: {', '.join(sorted(w))}" for letter, w in wrong_abs.items())
            add(
                "absolute-words",
                f"absolute words only in wrong choices ({listed}); a test-wise reader rules these out unread",
                "warning",
            )
        cue = content_stems(q.scenario + " " + q.stem)
        key_words = set().union(*(content_stems(q.choices[i].text) for i in keyed)) & cue
        wrong_words = set().union(*(content_stems(c.text) for i, c in enumerate(q.choices) if i not in keyed))
        echoed = sorted(key_words - wrong_words)
        if echoed:
            add(
                "stem-echo",
                f"the key alone repeats the scenario/stem word(s) {', '.join(echoed[:5])}; "
                "use them in a wrong choice too, or not at all",
                "warning",
            )
    # The competency "in but not of the system" has a "not" in its name that asks nothing negative.
    for match in NEGATIVE_TASK.finditer(COMPETENCY_NOT.sub(" ", q.stem)):
        word = match.group(0)
        if not (word.isupper() and word.lower() in ("not", "except")):
            add(
                "negative-task",
                f"the stem asks a negative ({word!r}); write the task as NOT or EXCEPT in capitals",
            )
            break
    grade = fk_grade(q.stem)
    if len(words(q.stem)) >= t.min_words_for_grade and grade > t.max_part_grade:
        add(
            "stem-grade",
            f"the stem reads at grade {grade:.1f} (limit {t.max_part_grade:g}); shorten its sentence",
        )
    for i, c in enumerate(q.choices):
        n = len(words(c.text))
        if n > t.max_choice_words:
            add("choice-words", f"choice {letters[i]} has {n} words (limit {t.max_choice_words})")
        g = fk_grade(c.text)
        if n >= t.min_words_for_grade and g > t.max_part_grade:
            add(
                "choice-grade",
                f"choice {letters[i]} reads at grade {g:.1f} (limit {t.max_part_grade:g})",
                "warning",
            )
    grade = fk_grade(item_text(q))
    if grade > t.max_item_grade:
        add(
            "item-grade",
            f"the item reads at grade {grade:.1f} (limit {t.max_item_grade:g}); "
            "use shorter sentences and words",
        )
    n = item_words(q)
    if n > t.max_item_words:
        add("item-words", f"the item has {n} words (aim for 110 or fewer)", "warning")
    for i, c in enumerate(q.choices):
        if c.correct or not c.concept or (c.concept == q.competency and not q.contrast):
            continue
        if not names_concept(c.feedback, c.concept, names):
            add(
                "concept-feedback",
                f"choice {letters[i]} stands for {names.get(c.concept, c.concept)}, "
                "but its feedback does not say so",
            )
    out.extend(_explanation_findings(q, names))
    everything = " ".join(
        [q.title, q.scenario, q.stem, q.explanation] + [f"{c.text} {c.feedback}" for c in q.choices]
    )
    british = sorted({m.group(0).lower() for m in BRITISH.finditer(everything)})
    if british:
        add("british-spelling", f"British spelling: {', '.join(british[:6])} (write US English)")
    unquoted = QUOTED.sub(" ", everything)
    labels = sorted({m.group(0).lower() for m in NOT_PERSON_FIRST.finditer(unquoted)})
    if labels:
        add(
            "language",
            f"uses {', '.join(labels)} outside quotation marks; use person-first, recovery-oriented words",
        )
    if ONLY_EXCEPTION.search(everything):
        add(
            "only-exception",
            "says 'the only exception'; mandated reporting and court orders exist, so write 'except where "
            "safety or the law requires it'",
        )
    if EXAM_CLAIM.search(everything):
        add("exam-claim", "seems to state a fact about the official exam (length, timing, fees, pass mark)")
    return out


def _explanation_findings(q: LintQuestion, names: Mapping[str, str]) -> list[Finding]:
    if not q.explanation.strip():
        return [Finding(q.key, "explanation", "there is no explanation")]
    found = []
    if q.competency and not names_concept(q.explanation, q.competency, names):
        found.append(
            Finding(
                q.key,
                "explanation",
                "the explanation does not name the competency it tests "
                f"({names.get(q.competency, q.competency)})",
            )
        )
    if q.kind == "truefalse":
        return found  # the one wrong choice is the opposite statement; naming the competency is enough
    tempting = most_tempting(q)
    if tempting is None:
        return found
    choice = q.choices[tempting]
    # The explanation deals with the tempting choice when it names its concept, or echoes its wording.
    mentions = (choice.concept and names_concept(q.explanation, choice.concept, names)) or len(
        content_stems(choice.text) & content_stems(q.explanation)
    ) >= 2
    if not mentions:
        what = names.get(choice.concept, choice.concept) if choice.concept else "its idea"
        found.append(
            Finding(
                q.key,
                "explanation",
                "the explanation gives no reason why the most tempting wrong choice "
                f"({'ABCDEFGH'[tempting]}) is wrong: name {what} and say why it falls short",
            )
        )
    return found


# --------------------------------------------------------------------------------------------------------
# Near-duplicates


def shingles(text: str) -> frozenset[str]:
    ws = _lower_words(text)
    return frozenset(f"{a} {b}" for a, b in itertools.pairwise(ws)) or frozenset(ws)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def similarity(a: str, b: str) -> float:
    """How alike two texts read: the share of word pairs they have in common (0 to 1)."""
    return jaccard(shingles(a), shingles(b))


def near_duplicates(
    questions: Sequence[LintQuestion], t: Thresholds = THRESHOLDS, *, only: Iterable[str] | None = None
) -> list[Finding]:
    """Pairs whose scenario + stem share at least `near_duplicate_jaccard` of their word pairs, found through
    an inverted index so only pairs sharing a rare-enough shingle are compared (fast for thousands of items).
    With `only`, report just the pairs involving those keys."""
    sets = [shingles(f"{q.scenario} {q.stem}") for q in questions]
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            index[sh].append(i)
    wanted = set(only) if only is not None else None
    found = []
    for i, s in enumerate(sets):
        if wanted is not None and questions[i].key not in wanted:
            continue
        shared: Counter[int] = Counter()
        for sh in s:
            postings = index[sh]
            if len(postings) > 50:
                continue  # "what should", "peer specialist": common to many items, no sign of copying
            shared.update(j for j in postings if j != i)
        for j in shared:
            score = jaccard(s, sets[j])
            if score >= t.near_duplicate_jaccard:
                found.append(
                    Finding(
                        questions[i].key,
                        "near-duplicate",
                        f"its scenario and stem are {round(100 * score)} % the same as {questions[j].key}'s",
                    )
                )
    return found


def most_similar(questions: Sequence[LintQuestion], top: int = 5) -> list[tuple[float, str, str]]:
    """The closest pairs by the near-duplicate measure (for calibrating and for the report)."""
    sets = [shingles(f"{q.scenario} {q.stem}") for q in questions]
    pairs = []
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            union = len(sets[i] | sets[j])
            if union:
                pairs.append((len(sets[i] & sets[j]) / union, questions[i].key, questions[j].key))
    return sorted(pairs, reverse=True)[:top]


# --------------------------------------------------------------------------------------------------------
# Quiz order patterns


def key_letters(questions: Sequence[LintQuestion]) -> str:
    """The authored key letter of each single-answer item, in order (other kinds have no one key letter)."""
    return "".join("ABCDEFGH"[q.keyed[0]] for q in questions if q.kind == "single" and len(q.keyed) == 1)


def order_patterns(name: str, letters: str, t: Thresholds = THRESHOLDS) -> list[Finding]:
    """Runs, cycles and uneven totals in a sequence of key letters (a quiz's fixed order)."""
    found = []
    run, best_run, where = 1, 1, 0
    for i in range(1, len(letters)):
        run = run + 1 if letters[i] == letters[i - 1] else 1
        if run > best_run:
            best_run, where = run, i - run + 2
    if best_run >= t.max_run:
        found.append(
            Finding(
                name,
                "order-run",
                f"the key is {letters[where - 1]} {best_run} times in a row from item {where}",
            )
        )
    for period in (2, 3, 4):
        streak = best = 0
        start = 0
        for i in range(period, len(letters)):
            if letters[i] == letters[i - period] and len(set(letters[i - period : i + 1])) > 1:
                streak += 1
                if streak > best:
                    best, start = streak, i - streak - period + 2
            else:
                streak = 0
        if best >= t.max_cycle_matches:
            pattern = letters[start - 1 : start - 1 + period]
            found.append(
                Finding(
                    name,
                    "order-cycle",
                    f"the keys cycle {'-'.join(pattern)} for {best + period} items from item {start}",
                )
            )
            break
    n = len(letters)
    if n >= t.min_items_for_imbalance:
        options = 4
        counts = Counter(letters)
        expected = n / options
        chi2 = sum((counts.get(letter, 0) - expected) ** 2 / expected for letter in "ABCD")
        if chi2 >= t.imbalance_chi2:
            totals = ", ".join(f"{letter} {counts.get(letter, 0)}" for letter in "ABCD")
            found.append(Finding(name, "order-imbalance", f"the key letters are uneven ({totals} of {n})"))
    return found


# --------------------------------------------------------------------------------------------------------
# The choice-only baseline

LENGTH_TOKENS = ("§longest", "§2nd", "§3rd", "§shortest")


def choice_tokens(q: LintQuestion, i: int) -> set[str]:
    """What the baseline may see of choice i: its words and word pairs, and where its length ranks among the
    item's choices (never the scenario, the stem or anything about the key)."""
    ws = _lower_words(q.choices[i].text)
    tokens = set(ws)
    tokens.update(f"{a}_{b}" for a, b in itertools.pairwise(ws))
    lengths = [len(c.text) for c in q.choices]
    rank = sorted(range(len(lengths)), key=lambda j: (-lengths[j], j)).index(i)
    tokens.add(LENGTH_TOKENS[min(rank, 3)] if rank < len(lengths) - 1 else "§shortest")
    ratio = lengths[i] / (sum(lengths) / len(lengths) or 1)
    tokens.add(f"§len{min(6, int(ratio * 4))}")
    return tokens


def _train(items: Iterable[LintQuestion]) -> dict[str, float]:
    """Binarized multinomial naive Bayes, keyed vs unkeyed choices: each token's log-odds, add-one
    smoothed."""
    counts = {True: Counter(), False: Counter()}
    for q in items:
        for i, c in enumerate(q.choices):
            counts[c.correct].update(choice_tokens(q, i))
    vocab = set(counts[True]) | set(counts[False])
    total = {label: sum(counts[label].values()) + len(vocab) for label in (True, False)}
    return {
        tok: math.log((counts[True][tok] + 1) / total[True])
        - math.log((counts[False][tok] + 1) / total[False])
        for tok in vocab
    }


def _pick(model: Mapping[str, float], q: LintQuestion) -> int:
    scores = [sum(model.get(tok, 0.0) for tok in choice_tokens(q, i)) for i in range(len(q.choices))]
    return max(range(len(scores)), key=lambda i: (scores[i], -i))


def logit_features(q: LintQuestion, i: int) -> dict[str, float]:
    """What the second model sees of choice i: words, word pairs, its length rank, and its length, word count
    and commas against the item's other choices (never the scenario, the stem or anything about the key)."""
    text = q.choices[i].text
    ws = _lower_words(text)
    f = dict.fromkeys(ws, 1.0)
    f.update(dict.fromkeys((f"{a}_{b}" for a, b in itertools.pairwise(ws)), 1.0))
    lengths = [len(c.text) for c in q.choices]
    counts = [len(words(c.text)) for c in q.choices]
    commas = [c.text.count(",") for c in q.choices]
    rank = sorted(range(len(lengths)), key=lambda j: (-lengths[j], j)).index(i)
    f[LENGTH_TOKENS[min(rank, 3)] if rank < len(lengths) - 1 else "§shortest"] = 1.0
    f["§length"] = lengths[i] / (sum(lengths) / len(lengths) or 1) - 1
    f["§words"] = (counts[i] - sum(counts) / len(counts)) / 10
    f["§commas"] = commas[i] - sum(commas) / len(commas)
    return f


Features = dict[str, list[dict[str, float]]]  # each item's choices' logit features, by key


def _train_logit(items: Sequence[LintQuestion], t: Thresholds, features: Features) -> dict[str, float]:
    """A conditional logit (a softmax over each item's choices) fitted by seeded stochastic gradient ascent:
    a discriminative model that weighs every feature against the others, where naive Bayes counts each alone,
    so a style spread over many small cues still shows."""
    weights: dict[str, float] = defaultdict(float)
    order = list(items)
    rng = random.Random(t.seed)
    for epoch in range(t.logit_epochs):
        rng.shuffle(order)
        rate = t.logit_rate / (1 + epoch)
        for q in order:
            fs = features[q.key]
            scores = [sum(weights[k] * v for k, v in f.items()) for f in fs]
            top = max(scores)
            exps = [math.exp(z - top) for z in scores]
            total = sum(exps)
            for c, f, e in zip(q.choices, fs, exps, strict=True):
                gradient = (1.0 if c.correct else 0.0) - e / total
                if gradient:
                    for k, v in f.items():
                        weights[k] += rate * gradient * v
    return dict(weights)


def _pick_logit(model: Mapping[str, float], q: LintQuestion, features: Features) -> int:
    scores = [sum(model.get(k, 0.0) * v for k, v in f.items()) for f in features[q.key]]
    return max(range(len(scores)), key=lambda i: (scores[i], -i))


# Each model: (fit on items, pick a choice of one item); both get the logit features computed once.
MODELS = {
    "naive Bayes": (lambda items, t, features: _train(items), lambda model, q, features: _pick(model, q)),
    "logit": (_train_logit, _pick_logit),
}


def logit_cues(questions: Iterable[LintQuestion], *, top: int = 10, t: Thresholds = THRESHOLDS) -> list[str]:
    """What the logit, fitted on all these items, leans on most, in words."""
    items = baseline_items(questions)
    if not items:
        return []
    features = {q.key: [logit_features(q, i) for i in range(len(q.choices))] for q in items}
    weights = _train_logit(items, t, features)
    numeric = {
        "§length": "longer than the item's other choices",
        "§words": "more words than the item's other choices",
        "§commas": "more commas than the item's other choices",
    }
    found = []
    for feature, weight in sorted(weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:top]:
        side = "key" if weight > 0 else "wrong choice"
        what = numeric.get(feature) or (
            "the longest choice" if feature == "§longest" else f"'{feature.replace('_', ' ')}'"
        )
        found.append(f"{what} points to the {side} (weight {weight:+.2f})")
    return found


def baseline_items(questions: Iterable[LintQuestion]) -> list[LintQuestion]:
    """Single-answer items the baseline is scored on (one key, at least three choices)."""
    return [q for q in questions if q.kind == "single" and len(q.keyed) == 1 and len(q.choices) >= 3]


@dataclass
class Baseline:
    items: int
    chance: float
    # Accuracy of each model under each cross-validation: {"logit": {"k-fold": 0.31, "by file": 0.30}, ...}
    accuracies: dict[str, dict[str, float]] = field(default_factory=dict)
    # Whether each model's k-fold prediction for each item was the key, by model then key.
    hits: dict[str, dict[str, bool]] = field(default_factory=dict)

    def _worst(self, scheme: str) -> float | None:
        found = [a[scheme] for a in self.accuracies.values() if scheme in a]
        return max(found) if found else None

    @property
    def kfold_accuracy(self) -> float:
        return self._worst("k-fold") or 0.0

    @property
    def by_file_accuracy(self) -> float | None:
        return self._worst("by file")

    @property
    def accuracy(self) -> float:
        """The figure the bank is held to: the best any model does under either cross-validation."""
        return max(self.kfold_accuracy, self.by_file_accuracy or 0.0)

    def on(self, keys: Iterable[str]) -> Baseline:
        """The k-fold figures restricted to some items (one file's)."""
        keys = [k for k in keys if any(k in h for h in self.hits.values())]
        if not keys:
            return Baseline(0, self.chance)
        accuracies = {
            name: {"k-fold": sum(hits.get(k, False) for k in keys) / len(keys)}
            for name, hits in self.hits.items()
        }
        return Baseline(len(keys), self.chance, accuracies)


def choice_only_baseline(questions: Iterable[LintQuestion], t: Thresholds = THRESHOLDS) -> Baseline:
    """Cross-validated accuracy at picking the key of models that see only the choices: naive Bayes and a
    conditional logit, each under k seeded folds and under leave-one-file-out (trained on the other files, as
    a candidate who learned the style elsewhere would be)."""
    items = sorted(baseline_items(questions), key=lambda q: q.key)
    if not items:
        return Baseline(0, 0.0)
    order = list(range(len(items)))
    random.Random(t.seed).shuffle(order)
    fold_of = {items[i].key: n % t.folds for n, i in enumerate(order)}
    sources = sorted({q.source for q in items})
    features = {q.key: [logit_features(q, i) for i in range(len(q.choices))] for q in items}
    result = Baseline(len(items), statistics.mean(1 / len(q.choices) for q in items))
    for name, (fit, pick) in MODELS.items():
        hits: dict[str, bool] = {}
        for fold in range(t.folds):
            model = fit([q for q in items if fold_of[q.key] != fold], t, features)
            for q in items:
                if fold_of[q.key] == fold:
                    hits[q.key] = q.choices[pick(model, q, features)].correct
        result.hits[name] = hits
        result.accuracies[name] = {"k-fold": sum(hits.values()) / len(items)}
        if len(sources) > 1:
            by_file = 0
            for source in sources:
                model = fit([q for q in items if q.source != source], t, features)
                by_file += sum(
                    q.choices[pick(model, q, features)].correct for q in items if q.source == source
                )
            result.accuracies[name]["by file"] = by_file / len(items)
    return result


@dataclass(frozen=True)
class Cue:
    token: str  # a word, a word pair "a_b", or a length token "§longest"
    in_keys: int  # keys containing it
    in_wrong: int  # wrong choices containing it
    keys: int  # keys in all
    wrong: int  # wrong choices in all

    @property
    def points_to(self) -> str:
        return "key" if self.in_keys / self.keys > self.in_wrong / self.wrong else "wrong"

    def __str__(self) -> str:
        word = self.token.replace("_", " ")
        return (
            f"'{word}' in {self.in_keys} of {self.keys} keys, {self.in_wrong} of {self.wrong} wrong choices"
        )


def giveaways(questions: Iterable[LintQuestion], *, top: int = 12, min_count: int = 5) -> list[Cue]:
    """The tokens that tell keys from wrong choices most strongly in these items: what the baseline learns, so
    a writer knows what to change (use the word on both sides, or on neither)."""
    items = baseline_items(questions)
    counts = {True: Counter(), False: Counter()}
    for q in items:
        for i, c in enumerate(q.choices):
            counts[c.correct].update(choice_tokens(q, i))
    keys = sum(len(q.keyed) for q in items)
    wrong = sum(len(q.choices) for q in items) - keys
    if not keys or not wrong:
        return []
    cues = []
    for token in set(counts[True]) | set(counts[False]):
        k, w = counts[True][token], counts[False][token]
        if k + w < min_count:
            continue
        # Log-odds of the token's rate in keys against wrong choices, weighted by how often it occurs.
        skew = math.log((k + 0.5) / keys) - math.log((w + 0.5) / wrong)
        cues.append((abs(skew) * math.sqrt(k + w), Cue(token, k, w, keys, wrong)))
    cues.sort(key=lambda pair: (-pair[0], pair[1].token))
    return [cue for score, cue in cues[:top] if score > 0]


# --------------------------------------------------------------------------------------------------------
# The bank as a whole


@dataclass
class Figures:
    published: int = 0
    by_competency: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_difficulty: dict[str, int] = field(default_factory=dict)
    contrast: int = 0
    # Each contrast item under every distractor among its wrong choices, and under its main one only (the
    # most tempting wrong choice's concept, or the distractor a "which is NOT core" item names).
    contrast_by_concept: dict[str, int] = field(default_factory=dict)
    contrast_by_main_distractor: dict[str, int] = field(default_factory=dict)
    not_core_by_concept: dict[str, int] = field(default_factory=dict)
    key_longest_rate: float = 0.0
    second_longest_rate: float = 0.0
    baseline_kfold: float = 0.0
    baseline_by_file: float | None = None
    baseline_by_model: dict[str, dict[str, float]] = field(default_factory=dict)
    baseline: float = 0.0
    baseline_items: int = 0
    chance: float = 0.0
    median_choice_grade: float = 0.0
    median_stem_grade: float = 0.0
    max_item_grade: float = 0.0
    max_item_grade_key: str = ""
    median_item_words: float = 0.0
    max_choice_words: int = 0
    british_spelling_items: int = 0
    key_positions: dict[str, int] = field(default_factory=dict)
    absolute_in_keys: float = 0.0
    absolute_in_wrong: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def _rate(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def bank_figures(
    questions: Sequence[LintQuestion],
    t: Thresholds = THRESHOLDS,
    *,
    core: Iterable[str] = (),
    distractors: Iterable[str] = (),
    baseline: Baseline | None = None,
) -> Figures:
    """Counts and rates for published items; `core` and `distractors` are the taxonomy's slugs."""
    published = [q for q in questions if q.status == "published"]
    distractors = set(distractors)
    f = Figures(published=len(published))
    f.by_competency = dict(sorted(Counter(q.competency for q in published).items()))
    f.by_kind = dict(sorted(Counter(q.kind for q in published).items()))
    f.by_difficulty = dict(sorted(Counter(q.difficulty for q in published).items()))
    contrast = [q for q in published if q.contrast]
    f.contrast = len(contrast)
    by_concept: Counter[str] = Counter()
    not_core: Counter[str] = Counter()
    for q in contrast:
        if q.competency in distractors:
            not_core[q.competency] += 1
            by_concept[q.competency] += 1
        else:
            for concept in {c.concept for c in q.choices if not c.correct and c.concept in distractors}:
                by_concept[concept] += 1
    f.contrast_by_concept = dict(sorted(by_concept.items()))
    main: Counter[str] = Counter()
    for q in contrast:
        tempting = most_tempting(q)
        concept = q.competency if q.competency in distractors else None
        if concept is None and tempting is not None:
            concept = q.choices[tempting].concept
        main[concept or "none"] += 1
    f.contrast_by_main_distractor = dict(sorted(main.items()))
    f.not_core_by_concept = dict(sorted(not_core.items()))
    singles = baseline_items(published)
    longest = second = 0
    positions: Counter[str] = Counter()
    for q in singles:
        lengths = [len(c.text.strip()) for c in q.choices]
        k = q.keyed[0]
        positions["ABCDEFGH"[k]] += 1
        longest += lengths[k] >= max(lengths)
        second += sorted(lengths, reverse=True)[1] == lengths[k] and lengths[k] < max(lengths)
    f.key_positions = dict(sorted(positions.items()))
    f.key_longest_rate = _rate(longest, len(singles))
    f.second_longest_rate = _rate(second, len(singles))
    b = baseline or choice_only_baseline(published, t)
    f.baseline_kfold, f.baseline_by_file, f.baseline = b.kfold_accuracy, b.by_file_accuracy, b.accuracy
    f.baseline_by_model = b.accuracies
    f.baseline_items, f.chance = b.items, b.chance
    choice_grades = [fk_grade(c.text) for q in published for c in q.choices if q.kind != "truefalse"]
    f.median_choice_grade = statistics.median(choice_grades) if choice_grades else 0.0
    stem_grades = [fk_grade(q.stem) for q in published]
    f.median_stem_grade = statistics.median(stem_grades) if stem_grades else 0.0
    if published:
        grade, f.max_item_grade_key = max((fk_grade(item_text(q)), q.key) for q in published)
        f.max_item_grade = grade
        f.median_item_words = statistics.median(item_words(q) for q in published)
        f.max_choice_words = max(len(words(c.text)) for q in published for c in q.choices)
    f.british_spelling_items = sum(
        1
        for q in published
        if BRITISH.search(
            " ".join(
                [q.title, q.scenario, q.stem, q.explanation] + [f"{c.text} {c.feedback}" for c in q.choices]
            )
        )
    )
    keyed_choices = [c for q in published if q.kind != "truefalse" for c in q.choices if c.correct]
    wrong_choices = [c for q in published if q.kind != "truefalse" for c in q.choices if not c.correct]
    f.absolute_in_keys = _rate(sum(bool(_absolutes(c.text)) for c in keyed_choices), len(keyed_choices))
    f.absolute_in_wrong = _rate(sum(bool(_absolutes(c.text)) for c in wrong_choices), len(wrong_choices))
    return f


def threshold_failures(f: Figures, t: Thresholds = THRESHOLDS) -> list[str]:
    """The bank-level thresholds the figures break, as sentences."""
    failures = []
    if f.baseline > t.baseline_accuracy:
        failures.append(
            f"the choice-only baseline picks the key in {f.baseline:.1%} of items "
            f"(limit {t.baseline_accuracy:.0%})"
        )
    if f.key_longest_rate > t.key_longest_rate:
        failures.append(
            f"the key is the longest choice in {f.key_longest_rate:.1%} of items "
            f"(limit {t.key_longest_rate:.0%})"
        )
    if f.median_choice_grade > t.median_choice_grade:
        failures.append(
            f"the median choice reads at grade {f.median_choice_grade:.1f} (limit {t.median_choice_grade:g})"
        )
    if f.max_item_grade > t.max_item_grade:
        failures.append(
            f"{f.max_item_grade_key} reads at grade {f.max_item_grade:.1f} "
            f"(no item above {t.max_item_grade:g})"
        )
    if f.median_item_words > t.median_item_words:
        failures.append(f"the median item has {f.median_item_words:g} words (limit {t.median_item_words:g})")
    if f.max_choice_words > t.max_choice_words:
        failures.append(f"a choice has {f.max_choice_words} words (limit {t.max_choice_words})")
    return failures


@dataclass
class Report:
    figures: Figures
    per_file: dict[str, Figures]
    findings: list[Finding]
    quiz_findings: list[Finding]
    failures: list[str]
    cues: dict[str, list[Cue]] = field(default_factory=dict)  # "" for the bank, then each file
    logit_cues: list[str] = field(default_factory=list)

    @property
    def flaws(self) -> list[Finding]:
        return [f for f in self.findings + self.quiz_findings if f.level == "flaw"]


def lint(
    questions: Sequence[LintQuestion],
    *,
    names: Mapping[str, str],
    core: Iterable[str] = (),
    distractors: Iterable[str] = (),
    quizzes: Mapping[str, Sequence[LintQuestion]] | None = None,
    t: Thresholds = THRESHOLDS,
) -> Report:
    """The whole bank: each published item's findings, near-duplicates, every quiz order's patterns, bank and
    per-file figures, and the thresholds broken."""
    published = [q for q in questions if q.status == "published"]
    findings = [f for q in published for f in item_findings(q, names, t)]
    findings += near_duplicates(published, t)
    findings.sort(key=lambda f: (f.key, f.check))
    quiz_findings = [
        f for name, items in (quizzes or {}).items() for f in order_patterns(name, key_letters(items), t)
    ]
    baseline = choice_only_baseline(published, t)
    figures = bank_figures(published, t, core=core, distractors=distractors, baseline=baseline)
    per_file = {}
    for source in sorted({q.source for q in published if q.source}):
        mine = [q for q in published if q.source == source]
        own = baseline.on(q.key for q in mine)
        per_file[source] = bank_figures(mine, t, core=core, distractors=distractors, baseline=own)
    cues = {"": giveaways(published)}
    for source in per_file:
        cues[source] = giveaways([q for q in published if q.source == source], top=8)
    return Report(
        figures,
        per_file,
        findings,
        quiz_findings,
        threshold_failures(figures, t),
        cues,
        logit_cues(published),
    )
