from decimal import Decimal

import pytest

from quizzes.scoring import AnsweredSlot, Concept, multiple_response_correct, passes, score

PEER = Concept("peer-support", "Peer support", True, 1)
INSIDE = Concept("in-but-not-of-the-system", "In but not of the system", True, 2)
AGENT = Concept("change-agent", "Change agent", True, 3)
COMMUNITY = Concept("community-engagement", "Community engagement", False, 4)
CLINICAL = Concept("clinical-treatment", "Clinical treatment", False, 5)


def test_it_counts_right_and_asked_per_competency_in_taxonomy_order():
    result = score(
        [
            AnsweredSlot(AGENT, True, AGENT),
            AnsweredSlot(PEER, True, PEER),
            AnsweredSlot(PEER, False, None),
            AnsweredSlot(INSIDE, None),
        ],
        pass_mark=70,
    )
    assert [(r.competency.slug, r.correct, r.asked) for r in result.by_competency] == [
        ("peer-support", 1, 2),
        ("in-but-not-of-the-system", 0, 1),
        ("change-agent", 1, 1),
    ]
    assert (result.correct, result.total, result.unanswered) == (2, 4, 1)
    assert result.percent == Decimal("50.00")
    assert [r.percent for r in result.by_competency] == [50, 0, 100]


def test_it_counts_a_confusion_when_a_wrong_choice_stands_for_a_distractor():
    result = score(
        [
            AnsweredSlot(PEER, False, COMMUNITY),
            AnsweredSlot(AGENT, False, COMMUNITY),
            AnsweredSlot(INSIDE, False, CLINICAL),
            AnsweredSlot(INSIDE, False, PEER),  # a core concept chosen wrongly is not a confusion
            AnsweredSlot(PEER, True, PEER),
        ],
        pass_mark=70,
    )
    assert [(c.distractor.slug, c.count) for c in result.confusions] == [
        ("community-engagement", 2),
        ("clinical-treatment", 1),
    ]
    assert [c.slug for c in result.confusions[0].instead_of] == ["peer-support", "change-agent"]


def test_unanswered_questions_are_wrong_but_never_confusions():
    result = score([AnsweredSlot(PEER, None), AnsweredSlot(PEER, None)], pass_mark=50)
    assert result.correct == 0
    assert result.confusions == ()
    assert not result.passed


@pytest.mark.parametrize(
    ("correct", "total", "pass_mark", "expected"),
    [
        (7, 10, 70, True),  # exactly at the mark passes
        (6, 10, 70, False),
        (2, 3, 67, False),  # 66.67 % is below 67 % even though it rounds to 67
        (2, 3, 66, True),
        (0, 0, 0, False),  # an empty attempt never passes
        (10, 10, 100, True),
        (0, 5, 0, True),
    ],
)
def test_pass_mark_edges(correct, total, pass_mark, expected):
    assert passes(correct, total, pass_mark) is expected


def test_percent_rounds_half_up():
    result = score([AnsweredSlot(PEER, True, PEER)] * 2 + [AnsweredSlot(PEER, False)], pass_mark=60)
    assert result.percent == Decimal("66.67")
    assert result.by_competency[0].percent == 67
    assert result.passed


# --- multiple response: all or nothing ----------------------------------------------------------------------

D = Decimal


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        ([(D(50), True), (D(50), True)], True),  # both halves: 50 + 50 = 100
        ([(D(100), True)], True),  # the one right choice of a question with a single positive weight
        ([(D("33.33333"), True)] * 3, True),  # 99.99999 is within the 0.01 tolerance
        ([(D(50), True)], False),  # a right choice missed: 50
        ([(D(50), True), (D(50), True), (D(-100), False)], False),  # the trap: 50 + 50 - 100 = 0
        ([(D(50), True), (D(50), True), (D(0), False)], False),  # sums to 100 but a wrong choice is ticked
        ([(D(60), True), (D(40), True), (D(-5), False)], False),  # 95
        ([(D("33.33"), True)] * 3, True),  # 99.99: exactly at the tolerance's edge still counts
        ([(D("33.3"), True)] * 3, False),  # 99.9 is short
        ([], None),  # nothing ticked: unanswered
    ],
)
def test_a_multiple_response_answer_is_right_only_with_every_right_choice_and_nothing_else(ticked, expected):
    assert multiple_response_correct(ticked) is expected


def test_a_wrong_multiple_response_answer_counts_each_distractor_once_per_question():
    result = score(
        [
            # Two ticked choices both standing for community engagement, one for clinical treatment, and a
            # core concept ticked wrongly (never a confusion).
            AnsweredSlot(PEER, False, wrong_concepts=(COMMUNITY, COMMUNITY, CLINICAL, AGENT)),
            AnsweredSlot(AGENT, False, wrong_concepts=(COMMUNITY,)),
            AnsweredSlot(INSIDE, True),
            AnsweredSlot(INSIDE, None),
        ],
        pass_mark=70,
    )
    assert [(c.distractor.slug, c.count) for c in result.confusions] == [
        ("community-engagement", 2),
        ("clinical-treatment", 1),
    ]
    assert [c.slug for c in result.confusions[0].instead_of] == ["peer-support", "change-agent"]
    assert (result.correct, result.total, result.unanswered) == (1, 4, 1)
