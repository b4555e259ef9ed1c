"""Weekly progress series and the geometry of their SVG charts. Pure: plain data in, plain data out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from study.readiness import Answer


@dataclass(frozen=True)
class Week:
    start: date
    right: dict[str, int]
    asked: dict[str, int]

    def percent(self, competency: str) -> int | None:
        asked = self.asked.get(competency, 0)
        return round(100 * self.right.get(competency, 0) / asked) if asked else None

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
class Bar:
    x: float
    y: float
    height: float
    count: int


WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 40, 30, 10


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - 20
    return LEFT + (span * index / (count - 1) if count > 1 else span / 2)


def _y(value: float, maximum: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / maximum)


def trend_lines(weeks: Sequence[Week], competencies: Sequence[str]) -> list[Line]:
    """One line per competency through the weeks that had answers (0 to 100 % on the y axis)."""
    lines = []
    for competency in competencies:
        dots = [
            (round(_x(i, len(weeks)), 1), round(_y(p, 100), 1), p)
            for i, week in enumerate(weeks)
            if (p := week.percent(competency)) is not None
        ]
        lines.append(Line(competency, " ".join(f"{x},{y}" for x, y, _ in dots), dots))
    return lines


def answer_bars(weeks: Sequence[Week]) -> tuple[list[Bar], int]:
    """Bars of answers per week, scaled to the busiest week; returns the bars and that maximum."""
    maximum = max((w.total for w in weeks), default=0) or 1
    bars = []
    for i, week in enumerate(weeks):
        y = _y(week.total, maximum)
        bars.append(
            Bar(round(_x(i, len(weeks)) - 12, 1), round(y, 1), round(HEIGHT - BOTTOM - y, 1), week.total)
        )
    return bars, maximum
