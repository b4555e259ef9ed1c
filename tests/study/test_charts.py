from datetime import UTC, date, datetime

from study.charts import answer_bars, trend_lines, week_start, weekly
from study.readiness import Answer


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


def test_chart_geometry_puts_100_percent_at_the_top_and_skips_empty_weeks():
    answers = [Answer("peer-support", True, datetime(2026, 11, 23, tzinfo=UTC))]
    weeks = weekly(answers, today=date(2026, 11, 23), weeks=2)
    (line,) = trend_lines(weeks, ["peer-support"])
    assert len(line.dots) == 1 and line.dots[0][1] == 10.0 and line.dots[0][2] == 100
    bars, busiest = answer_bars(weeks)
    assert busiest == 1 and bars[0].height == 0 and bars[1].height == 180.0
