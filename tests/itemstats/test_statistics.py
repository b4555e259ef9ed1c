"""cohorts.statistics against values worked out by hand on a five-attempt, three-question quiz.

    attempt  q1 q2 q3  total
    A1        1  1  1   3
    A2        1  1  0   2
    A3        1  0  1   2
    A4        0  1  0   1
    A5        0  0  0   0

Question 1: x = 1 1 1 0 0, y = T - x = 2 1 1 1 0. mean x = 0.6, V(x) = (3·0.16 + 2·0.36)/4 = 0.3;
mean y = 1, V(y) = (1 + 1)/4 = 0.5; C(x, y) = (0.4·1 + (-0.6)·(-1))/4 = 0.25; D = 100·0.25/√0.15 = 64.5497;
sorted x 0 0 1 1 1 with sorted y 0 1 1 1 2 gives Σ = 4, C_max = (4 - 5·0.6·1)/4 = 0.25, efficiency 100.
Question 2: x = 1 1 0 1 0, y = 2 1 2 0 0. V(x) = 0.3, V(y) = 4/4 = 1; C = (0.4 + 0 - 0.6 - 0.4 + 0.6)/4 = 0;
D = 0; sorted pairing Σ = 1 + 2 + 2 = 5, C_max = (5 - 3)/4 = 0.5, efficiency 0.
Question 3: x = 1 0 1 0 0, y = 2 2 1 1 0. mean x = 0.4, V(x) = 0.3; mean y = 1.2, V(y) = 2.8/4 = 0.7;
C = (0.48 - 0.32 - 0.12 + 0.08 + 0.48)/4 = 0.15; D = 100·0.15/√0.21 = 32.7327;
sorted pairing Σ = 2 + 2 = 4, C_max = (4 - 5·0.4·1.2)/4 = 0.4, efficiency 37.5.
Quiz: T = 3 2 2 1 0 of 3. mean 1.6 (53.333 %), median 2 (66.667 %), V(T) = 5.2/4 = 1.3,
SD = √1.3/3 = 38.0058 %;
deviations 1.4 0.4 0.4 -0.6 -1.6: m2 = 1.04, m3 = -1.44/5 = -0.288, m4 = 10.576/5 = 2.1152;
k2 = 5/4·1.04 = 1.3; k3 = 25/12·(-0.288) = -0.6, skewness = -0.6/1.3^1.5 = -0.404796;
k4 = 25/24·(6·2.1152 - 12·1.04²) = 25/24·(-0.288) = -0.3, kurtosis = -0.3/1.69 = -0.177515;
CIC = 100·3/2·(1 - 0.9/1.3) = 46.1538; error ratio = 100·√(1 - 0.461538) = 73.3799;
SE = 0.733799·38.0058 = 27.8886.
"""

import math

import pytest

from itemstats import statistics

ROWS = [[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 0]]


@pytest.fixture
def data():
    return statistics.pairs_from_rows(ROWS)


def test_question_one_matches_the_hand_computation(data):
    pairs, _ = data
    q1 = statistics.item_stats(pairs[0])
    assert q1.responses == 5
    assert q1.facility == pytest.approx(60)
    assert q1.variance == pytest.approx(0.3)
    assert q1.sd == pytest.approx(100 * math.sqrt(0.3))
    assert q1.discrimination_index == pytest.approx(64.5497, abs=1e-4)
    assert q1.discriminative_efficiency == pytest.approx(100)


def test_question_two_does_not_discriminate_at_all(data):
    pairs, _ = data
    q2 = statistics.item_stats(pairs[1])
    assert q2.facility == pytest.approx(60)
    assert q2.discrimination_index == pytest.approx(0, abs=1e-9)
    assert q2.discriminative_efficiency == pytest.approx(0, abs=1e-9)


def test_question_three_matches_the_hand_computation(data):
    pairs, _ = data
    q3 = statistics.item_stats(pairs[2])
    assert q3.facility == pytest.approx(40)
    assert q3.discrimination_index == pytest.approx(32.7327, abs=1e-4)
    assert q3.discriminative_efficiency == pytest.approx(37.5)


def test_quiz_statistics_match_the_hand_computation(data):
    pairs, totals = data
    variances = [statistics.item_stats(p).variance for p in pairs]
    quiz = statistics.quiz_stats(totals, max_total=3, item_variances=variances)
    assert quiz.attempts == 5
    assert quiz.mean == pytest.approx(160 / 3)
    assert quiz.median == pytest.approx(200 / 3)
    assert quiz.sd == pytest.approx(38.0058, abs=1e-4)
    assert quiz.skewness == pytest.approx(-0.404796, abs=1e-6)
    assert quiz.kurtosis == pytest.approx(-0.177515, abs=1e-6)
    assert quiz.cic == pytest.approx(46.1538, abs=1e-4)
    assert quiz.error_ratio == pytest.approx(73.3799, abs=1e-4)
    assert quiz.standard_error == pytest.approx(27.8886, abs=1e-4)


def test_the_top_and_bottom_groups_keep_tied_totals_together(data):
    _, totals = data
    # 27 % of 5 is 1.35, so each group needs 2 attempts: bottom totals 0 and 1; top totals 3 and the two 2s.
    assert statistics.group_bounds(totals) == (1, 2)


def test_groups_that_would_share_attempts_are_not_formed():
    # 27 % of 10 is 2.7, so each group needs 3 attempts; the eight tied on 1 would be in both groups.
    assert statistics.group_bounds({0: 1, 1: 8, 2: 1}) == (None, None)
    assert statistics.group_bounds({4: 7}) == (None, None)
    assert statistics.group_bounds({0: 3, 1: 4, 2: 3}) == (0, 2)
    assert statistics.group_bounds({0: 1, 5: 1}) == (0, 5)


def test_sums_from_sql_give_the_same_discrimination_as_the_histograms(data):
    pairs, _ = data
    for index, p in enumerate(pairs):
        # y: the rest of the attempt, as a count and as a proportion of the other questions (what the stored
        # question statistics use so that quizzes of different lengths can be pooled): same correlation.
        for scale in (1, 1 / (len(ROWS[0]) - 1)):
            rows = [(row[index], (sum(row) - row[index]) * scale) for row in ROWS]
            found = statistics.discrimination_from_sums(
                n=len(rows),
                sx=sum(x for x, _ in rows),
                sxx=sum(x * x for x, _ in rows),
                sy=sum(y for _, y in rows),
                syy=sum(y * y for _, y in rows),
                sxy=sum(x * y for x, y in rows),
            )
            assert found == pytest.approx(statistics.item_stats(p).discrimination_index, abs=1e-9)


def test_discrimination_from_sums_is_not_enough_data_without_variance():
    assert statistics.discrimination_from_sums(n=1, sx=1, sxx=1, sy=0.5, syy=0.25, sxy=0.5) is None
    # everyone right: x does not vary
    assert statistics.discrimination_from_sums(n=3, sx=3, sxx=3, sy=1.5, syy=0.75, sxy=1.5) is None
    # the rest of the attempt is the same for everyone: y does not vary
    assert statistics.discrimination_from_sums(n=2, sx=1, sxx=1, sy=1.0, syy=0.5, sxy=0.5) is None


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert statistics.median({1: 1, 2: 1, 4: 1, 9: 1}) == 3
    assert statistics.median({5: 2}) == 5
    assert statistics.median({}) is None


def test_one_attempt_gives_facility_and_mean_but_not_enough_data_for_the_rest():
    pairs, totals = statistics.pairs_from_rows([[1, 0]])
    q = statistics.item_stats(pairs[0])
    assert q.facility == 100
    assert (q.sd, q.discrimination_index, q.discriminative_efficiency) == (None, None, None)
    quiz = statistics.quiz_stats(totals, max_total=2, item_variances=[None, None])
    assert quiz.mean == 50 and quiz.median == 50
    assert (quiz.sd, quiz.skewness, quiz.kurtosis, quiz.cic, quiz.error_ratio, quiz.standard_error) == (
        None,
    ) * 6


def test_all_answers_equal_means_zero_variance_and_not_enough_data_never_a_division_by_zero():
    pairs, totals = statistics.pairs_from_rows([[1, 1, 1]] * 6)
    q = statistics.item_stats(pairs[0])
    assert q.facility == 100 and q.sd == 0
    assert q.discrimination_index is None and q.discriminative_efficiency is None
    quiz = statistics.quiz_stats(totals, max_total=3, item_variances=[0, 0, 0])
    assert quiz.sd == 0
    assert (quiz.skewness, quiz.kurtosis, quiz.cic, quiz.error_ratio, quiz.standard_error) == (None,) * 5


def test_a_question_everyone_answers_alike_while_totals_vary_has_no_discrimination():
    pairs, _ = statistics.pairs_from_rows([[1, 1], [1, 0], [1, 1], [1, 0]])
    q = statistics.item_stats(pairs[0])
    assert q.sd == 0 and q.discrimination_index is None


def test_no_attempts_at_all_is_not_enough_data():
    assert statistics.item_stats({}).facility is None
    quiz = statistics.quiz_stats({}, max_total=3, item_variances=[])
    assert quiz.attempts == 0 and quiz.mean is None
    assert statistics.group_bounds({}) == (None, None)


def test_two_and_three_attempts_stop_short_of_kurtosis_and_skewness():
    _, totals = statistics.pairs_from_rows([[1, 0], [0, 0]])
    two = statistics.quiz_stats(totals, max_total=2, item_variances=[0.5, 0])
    assert two.sd is not None and two.skewness is None and two.kurtosis is None
    _, totals = statistics.pairs_from_rows([[1, 0], [0, 0], [1, 1]])
    three = statistics.quiz_stats(totals, max_total=2, item_variances=[1 / 3, 1 / 3])
    assert three.skewness is not None and three.kurtosis is None
