"""Item analysis of a multiple-response question: every ticked choice is counted, each answer once."""

import io
import json

import pytest
from django.core.management import call_command

from cohorts.models import Membership
from itemstats import services as item_services
from quizzes import services
from quizzes.models import AttemptSlot
from tests.quizzes.factories import QuestionFactory, QuizFactory, UserFactory
from tests.quizzes.test_multiple_response import make_mr_question

# Question 1 (multiple response): A and B are right (50 % each), C costs the mark (community engagement),
# D weighs nothing (clinical treatment). Question 2 (single answer): A is right.
ANSWERS = {
    "casey": ("AB", "A"),  # right, right: total 2
    "m2": ("AC", "A"),  # wrong, right: total 1
    "m3": ("A", "A"),  # wrong, right: total 1
    "m4": ("", "B"),  # blank, wrong: total 0
    "m5": ("BA", "A"),  # right (order does not matter), right: total 2
    "m6": ("", "B"),  # blank, wrong: total 0
}


@pytest.fixture
def report(cohort, casey, taxonomy):
    agent = taxonomy["change-agent"]
    single = QuestionFactory(competency=agent, choices=[(True, agent), (False, None), (False, None)])
    quiz = QuizFactory(questions=[make_mr_question(taxonomy), single], slug="mixed", title="Mixed")
    for username, (ticks, letter) in ANSWERS.items():
        user = casey if username == "casey" else UserFactory(username=username)
        Membership.objects.get_or_create(cohort=cohort, user=user)
        attempt = services.attempt_start(user=user, quiz=quiz)
        slots = {s.position: s for s in AttemptSlot.objects.filter(attempt=attempt).select_related("version")}
        by_letter = {c.label: c.pk for c in slots[1].version.choices.all()}
        if ticks:
            services.answers_save_many(
                attempt_id=attempt.pk,
                user=user,
                position=1,
                choice_ids=[by_letter[t] for t in ticks],
                sequence=0,
            )
        choice = slots[2].version.choices.get(position="ABC".index(letter))
        services.answer_save(attempt_id=attempt.pk, user=user, position=2, choice_id=choice.pk, sequence=0)
        attempt.refresh_from_db()
        services.attempt_submit(attempt=attempt)
    return item_services.item_analysis_compute(quiz=quiz, cohort=cohort).data


def test_every_ticked_choice_is_counted_and_each_answer_once(report):
    q1 = report["questions"][0]
    assert q1["responses"] == 6 and q1["facility"] == pytest.approx(33.33)
    assert [(c["label"], c["correct"], c["count"]) for c in q1["choices"]] == [
        ("A", True, 4),
        ("B", True, 2),
        ("C", False, 1),
        ("D", False, 0),
    ]
    assert q1["unanswered"]["count"] == 2
    assert q1["versions"][0]["responses"] == 6 and q1["versions"][0]["key"] == "A, B"
    assert {c["name"]: c["count"] for c in q1["concepts"]} == {
        "Community engagement": 1,
        "Clinical treatment": 0,
    }


def test_the_top_and_bottom_groups_count_ticks_of_their_own_attempts(report):
    q1 = report["questions"][0]
    top, bottom = report["groups"]["top_from"], report["groups"]["bottom_to"]
    assert (top, bottom) == (2, 0)
    # Casey and m5 form the top group and both ticked A and B; m4 and m6, at the bottom, ticked nothing.
    assert [(c["top"], c["bottom"]) for c in q1["choices"]] == [(2, 0), (2, 0), (0, 0), (0, 0)]
    assert q1["versions"][0]["top_size"] == 2 and q1["unanswered"]["bottom"] == 2


def test_item_stats_reports_the_tick_counts(report, cohort):
    out = io.StringIO()
    call_command("item_stats", "mixed", "--cohort", cohort.slug, stdout=out)
    q1 = json.loads(out.getvalue())["questions"][0]
    assert [c["count"] for c in q1["choices"]] == [4, 2, 1, 0]
