"""Weekly progress series and the geometry of their SVG charts. Pure: plain data in, plain data out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from quizzes.scoring import percent_or_none
from study.readiness import Answer


@dataclass(frozen=True)
class Week:
    start: date
    right: dict[str, int]
    asked: dict[str, int]

    def percent(self, competency: str) -> int | None:
        return percent_or_none(self.right.get(competency, 0), self.asked.get(competency, 0))

    @property
    def total(self) -> int:
        return sum(self.asked.values())


def week_start(moment: datetime | date) -> date:
    day = moment.date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def weekly(answers: Iterable[Answer], *, today: date, weeks: int = 8) -> list[Week]:
    """The last `weeks` weeks (Monday to Sunday), oldest first, with right/asked per competency."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    rows = [Week(first + timedelta(weeks=i), {}, {}) for i in range(weeks)]
    for answer in answers:
        index = (week_start(answer.at) - first).days // 7
        if 0 <= index < weeks:
            row = rows[index]
            row.asked[answer.competency] = row.asked.get(answer.competency, 0) + 1
            if answer.correct:
                row.right[answer.competency] = row.right.get(answer.competency, 0) + 1
    return rows


@dataclass(frozen=True)
class Line:
    competency: str
    points: str  # SVG polyline points
    dots: list[tuple[float, float, int]]  # x, y, percent


@dataclass(frozen=True)
class Segment:
    series: int  # the competency's index, for its colour
    y: float
    height: float
    count: int


@dataclass(frozen=True)
class Bar:
    x: float  # left edge
    centre: float
    total: int
    segments: list[Segment]  # bottom to top, one per competency with answers that week

    @property
    def label_y(self) -> float:
        """Where the count sits: just above the bar."""
        return min((s.y for s in self.segments), default=PLOT_BOTTOM) - 6


# Geometry in SVG user units. Labels are large because a 360 px phone shows the chart at about 0.55 scale.
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 270, 64, 24, 30, 40
PLOT_BOTTOM = HEIGHT - BOTTOM
PLOT_RIGHT = WIDTH - RIGHT
BAR_WIDTH = 30
# Series of the trend chart are nudged sideways so equal scores in one week stay distinguishable.
SERIES_OFFSET = 8


def _x(index: int, count: int) -> float:
    span = PLOT_RIGHT - LEFT - 2 * BAR_WIDTH
    return LEFT + BAR_WIDTH + (span * index / (count - 1) if count > 1 else span / 2)


def _y(value: float, maximum: float) -> float:
    return TOP + (PLOT_BOTTOM - TOP) * (1 - value / maximum)


def x_labels(weeks: Sequence[Week]) -> list[tuple[float, date]]:
    return [(round(_x(i, len(weeks)), 1), week.start) for i, week in enumerate(weeks)]


def trend_lines(weeks: Sequence[Week], competencies: Sequence[str]) -> list[Line]:
    """One line per competency through the weeks that had answers (0 to 100 % on the y axis)."""
    lines = []
    middle = (len(competencies) - 1) / 2
    for index, competency in enumerate(competencies):
        nudge = (index - middle) * SERIES_OFFSET
        dots = [
            (round(_x(i, len(weeks)) + nudge, 1), round(_y(p, 100), 1), p)
            for i, week in enumerate(weeks)
            if (p := week.percent(competency)) is not None
        ]
        lines.append(Line(competency, " ".join(f"{x},{y}" for x, y, _ in dots), dots))
    return lines


def answer_bars(weeks: Sequence[Week], competencies: Sequence[str]) -> tuple[list[Bar], int]:
    """Bars of answers per week, stacked by competency and scaled to the busiest week; returns the bars
    and that maximum."""
    maximum = max((sum(w.asked.get(c, 0) for c in competencies) for w in weeks), default=0) or 1
    bars = []
    for i, week in enumerate(weeks):
        centre = _x(i, len(weeks))
        segments, below = [], 0
        for series, competency in enumerate(competencies):
            count = week.asked.get(competency, 0)
            if not count:
                continue
            top = _y(below + count, maximum)
            segments.append(Segment(series, round(top, 1), round(_y(below, maximum) - top, 1), count))
            below += count
        bars.append(Bar(round(centre - BAR_WIDTH / 2, 1), round(centre, 1), below, segments))
    return bars, maximum
