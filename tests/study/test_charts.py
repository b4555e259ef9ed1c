from datetime import UTC, date, datetime

from study.charts import PLOT_BOTTOM, TOP, answer_bars, trend_lines, week_start, weekly
from study.readiness import Answer

CORE = ["peer-support", "in-but-not-of-the-system", "change-agent"]


def test_answers_fall_into_monday_weeks_oldest_first():
    today = date(2026, 11, 25)  # a Wednesday
    answers = [
        Answer("peer-support", True, datetime(2026, 11, 23, 9, tzinfo=UTC)),  # this Monday
        Answer("peer-support", False, datetime(2026, 11, 24, 9, tzinfo=UTC)),
        Answer("change-agent", True, datetime(2026, 11, 16, 9, tzinfo=UTC)),  # last week
        Answer("change-agent", True, datetime(2026, 9, 1, 9, tzinfo=UTC)),  # too old for 4 weeks
    ]
    weeks = weekly(answers, today=today, weeks=4)
    assert [w.start for w in weeks] == [
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]
    assert weeks[3].percent("peer-support") == 50 and weeks[3].total == 2
    assert weeks[2].percent("change-agent") == 100
    assert weeks[0].percent("peer-support") is None
    assert week_start(today) == date(2026, 11, 23)


def test_trend_puts_100_percent_at_the_top_skips_empty_weeks_and_keeps_equal_scores_apart():
    monday = datetime(2026, 11, 23, tzinfo=UTC)
    answers = [Answer("peer-support", True, monday), Answer("change-agent", True, monday)]
    weeks = weekly(answers, today=date(2026, 11, 23), weeks=2)
    first, middle, last = trend_lines(weeks, CORE)
    assert len(first.dots) == 1 and first.dots[0][1] == TOP and first.dots[0][2] == 100
    assert middle.dots == [] and middle.points == ""
    # Both 100 % in the same week: same height, drawn side by side rather than on top of each other.
    assert last.dots[0][1] == first.dots[0][1] and last.dots[0][0] - first.dots[0][0] == 16


def test_answer_bars_stack_by_competency_and_scale_to_the_busiest_week():
    monday = datetime(2026, 11, 23, tzinfo=UTC)
    answers = [Answer("peer-support", True, monday)] * 3 + [Answer("change-agent", False, monday)]
    answers += [Answer("in-but-not-of-the-system", True, datetime(2026, 11, 16, tzinfo=UTC))] * 2
    answers += [Answer("community-engagement", True, monday)]  # not a core competency: not drawn
    weeks = weekly(answers, today=date(2026, 11, 23), weeks=2)
    bars, busiest = answer_bars(weeks, CORE)
    assert busiest == 4 and [b.total for b in bars] == [2, 4]
    plot = PLOT_BOTTOM - TOP
    (only,) = bars[0].segments
    assert (only.series, only.count, only.height) == (1, 2, plot / 2)
    bottom, top = bars[1].segments
    assert (bottom.series, bottom.count, bottom.height) == (0, 3, plot * 3 / 4)
    assert (top.series, top.count, top.height) == (2, 1, plot / 4)
    # The bars reach the top of the plot in the busiest week, and the count sits just above it.
    assert top.y == TOP and bottom.y == top.y + top.height
    assert bars[1].label_y == TOP - 6


def test_a_week_without_answers_has_no_bar():
    bars, busiest = answer_bars(weekly([], today=date(2026, 11, 23), weeks=3), CORE)
    assert busiest == 1 and all(b.total == 0 and b.segments == [] for b in bars)
