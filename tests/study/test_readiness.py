"""The readiness maths against values worked out by hand."""

import math
from datetime import UTC, datetime, timedelta

import pytest

from study.readiness import Answer, Mastery, beta_binomial_pmf, chance_to_pass, readiness, weight, wilson

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_weights_halve_every_half_life():
    assert weight(0, 14) == 1
    assert weight(14, 14) == 0.5
    assert weight(28, 14) == 0.25
    assert weight(-3, 14) == 1  # a clock slightly ahead never gives more than full weight


def test_wilson_interval_matches_a_hand_computation():
    # 8 of 10 at z = 1.6449: centre = (0.8 + 0.13529) / 1.27055 = 0.73613,
    # half = 1.6449 * sqrt(0.016 + 0.0067645) / 1.27055 = 0.19533 -> (0.5408, 0.9315)
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.5408, abs=1e-3)
    assert high == pytest.approx(0.9315, abs=1e-3)


def test_wilson_interval_stays_inside_zero_and_one():
    assert wilson(0, 5)[0] == pytest.approx(0.0, abs=1e-12)
    assert wilson(5, 5)[1] == pytest.approx(1.0)
    assert wilson(0, 0.3)[0] >= 0.0 and wilson(0.3, 0.3)[1] <= 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_beta_binomial_with_a_uniform_prior_is_uniform():
    # With Beta(1, 1) every count 0..n is equally likely: 1 / (n + 1).
    assert beta_binomial_pmf(4, 1, 1) == pytest.approx([0.2] * 5)
    assert sum(beta_binomial_pmf(10, 3.5, 2.25)) == pytest.approx(1.0)


def test_chance_to_pass_by_hand_for_a_tiny_exam():
    # One competency, 2 questions, pass mark 50 % -> need 1 of 2. With no answers (Beta(1,1)) P = 2/3.
    nothing = Mastery("peer-support", 0, 0.0, 0.0, enough=False)
    assert chance_to_pass({"peer-support": nothing}, {"peer-support": 2}, 50) == pytest.approx(2 / 3)
    # After 2 weighted right of 2: Beta(3, 1); P(0 of 2) = B(3, 3) / B(3, 1) = (1/30) / (1/3) = 0.1 -> 0.9.
    strong = Mastery("peer-support", 2, 2.0, 2.0, enough=True)
    assert chance_to_pass({"peer-support": strong}, {"peer-support": 2}, 50) == pytest.approx(0.9)


def _answers(slug, right, wrong, days_ago=0):
    at = NOW - timedelta(days=days_ago)
    return [Answer(slug, True, at)] * right + [Answer(slug, False, at)] * wrong


def test_too_few_answers_says_so_instead_of_guessing():
    result = readiness(
        _answers("peer-support", 5, 2),
        now=NOW,
        competencies=["peer-support", "change-agent"],
        blueprint={"peer-support": 20, "change-agent": 20},
        pass_mark=70,
    )
    assert not result.mastery["peer-support"].enough
    assert result.mastery["change-agent"].estimate is None
    assert result.pass_chance is None
    assert result.answers == 7


def test_recent_answers_count_more_and_old_ones_drop_out():
    answers = _answers("peer-support", 10, 0, days_ago=14) + _answers("peer-support", 0, 10, days_ago=0)
    answers += _answers("peer-support", 50, 0, days_ago=40)  # outside the 30-day window
    result = readiness(
        answers, now=NOW, competencies=["peer-support"], blueprint={"peer-support": 10}, pass_mark=70
    )
    m = result.mastery["peer-support"]
    assert m.answers == 20
    # 10 right at weight 0.5 and 10 wrong at weight 1: 5 / 15.
    assert m.estimate == pytest.approx(1 / 3)
    assert m.weight == pytest.approx(15)


def test_a_strong_candidate_has_a_high_chance_and_a_weak_one_a_low_chance():
    core = ["peer-support", "in-but-not-of-the-system", "change-agent"]
    blueprint = dict.fromkeys(core, 13)
    strong = [a for c in core for a in _answers(c, 18, 2)]
    weak = [a for c in core for a in _answers(c, 9, 11)]
    high = readiness(strong, now=NOW, competencies=core, blueprint=blueprint, pass_mark=70).pass_chance
    low = readiness(weak, now=NOW, competencies=core, blueprint=blueprint, pass_mark=70).pass_chance
    assert high > 0.9 and low < 0.1
    assert not math.isnan(high)


def test_weighted_mastery_and_its_interval_by_hand():
    # 4 right today (weight 1 each) and 4 wrong 14 days ago (weight 1/2 each): weight 6, right 4, share 2/3.
    answers = _answers("peer-support", 4, 0) + _answers("peer-support", 0, 4, days_ago=14)
    m = readiness(
        answers, now=NOW, competencies=["peer-support"], blueprint={"peer-support": 10}, pass_mark=70
    ).mastery["peer-support"]
    assert (m.answers, m.enough) == (8, True)
    assert (m.weight, m.successes) == pytest.approx((6.0, 4.0))
    assert m.estimate == pytest.approx(2 / 3)
    # Wilson on n = 6, z^2 = 2.70554: denominator 1.45092, centre (0.66667 + 0.22546) / 1.45092 = 0.61487,
    # half 1.64485 * sqrt(0.037037 + 0.018788) / 1.45092 = 0.26785 -> (0.3470, 0.8827).
    low, high = m.interval
    assert low == pytest.approx(0.3470, abs=5e-4)
    assert high == pytest.approx(0.8827, abs=5e-4)


def test_eight_answers_are_enough_and_seven_are_not():
    def enough(n):
        result = readiness(
            _answers("peer-support", n, 0),
            now=NOW,
            competencies=["peer-support"],
            blueprint={"peer-support": 10},
            pass_mark=70,
        )
        return result.mastery["peer-support"].enough, result.pass_chance is not None

    assert enough(7) == (False, False)
    assert enough(8) == (True, True)


def test_chance_to_pass_adds_up_competencies_by_hand():
    # One question from each of two competencies. Peer support Beta(3, 1): P(right) = 3/4. Change agent
    # Beta(2, 2): P(right) = 1/2. Need both (100 %): 3/4 * 1/2 = 0.375.
    # Need one (50 %): 1 - 1/4 * 1/2 = 0.875.
    mastery = {
        "peer-support": Mastery("peer-support", 2, 2.0, 2.0, enough=True),
        "change-agent": Mastery("change-agent", 2, 2.0, 1.0, enough=True),
    }
    blueprint = {"peer-support": 1, "change-agent": 1}
    assert chance_to_pass(mastery, blueprint, 100) == pytest.approx(0.375)
    assert chance_to_pass(mastery, blueprint, 50) == pytest.approx(0.875)


def test_the_basis_counts_only_answers_in_the_window_and_in_the_competencies():
    answers = _answers("peer-support", 3, 1) + _answers("peer-support", 5, 0, days_ago=31)
    answers += _answers("community-engagement", 2, 2)  # not one of the competencies asked about
    result = readiness(
        answers, now=NOW, competencies=["peer-support"], blueprint={"peer-support": 10}, pass_mark=70
    )
    assert (result.answers, result.window_days) == (4, 30)
