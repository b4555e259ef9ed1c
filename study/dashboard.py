"""What the dashboard and progress pages show: reads only, a fixed number of queries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Max, Min
from django.utils import timezone

from cohorts.selectors import assignments_for_member
from quizzes import selectors as quiz_selectors
from quizzes.models import Attempt
from study import charts, selectors
from study.models import Bookmark, ReviewCard, StudySession
from study.readiness import Readiness

PROGRESS_WEEKS = 8
TARGET = 0.7  # our practice bar, not the official pass mark
ASSIGNMENT_SOON = timedelta(days=7)


def _next_step(
    *, open_attempts, assignments, due: int, ready: Readiness, quizzes, best: dict[int, float], core, now
) -> dict:
    if open_attempts:
        attempt = open_attempts[0]
        return {"text": f"Finish “{attempt.quiz.title}”, which you started earlier.", "attempt": attempt}
    # Assignments come soonest due first; one not done and due within a week comes before self-study.
    pressing = [a for a in assignments if not a.done and a.due_at <= now + ASSIGNMENT_SOON]
    if pressing:
        a = pressing[0]
        when = "was due" if a.due_at < now else "is due"
        day = timezone.localtime(a.due_at).strftime("%b %-d")
        return {"text": f"“{a.quiz.title}” {when} {day} for {a.cohort.name}.", "quiz": a.quiz}
    if due:
        return {"text": f"Review the {due} question{'s' if due != 1 else ''} due today.", "start": "review"}
    # The shortest untried practice quiz first: a new candidate gets the 15-question starter rather than
    # whichever 30-question single-competency set sorts first by title, and learns most per minute spent.
    untried = sorted(
        (q for q in quizzes if q.pk not in best and q.mode == "practice"),
        key=lambda q: (q.question_count, q.title),
    )
    if not all(m.enough for m in ready.mastery.values()) and untried:
        return {"text": f"Try “{untried[0].title}” so we can see where you stand.", "quiz": untried[0]}
    weak = [
        (m.estimate, c)
        for c in core
        if (m := ready.mastery[c.slug]).estimate is not None and m.estimate < TARGET
    ]
    if weak:
        competency = min(weak, key=lambda pair: pair[0])[1]
        return {"text": f"Drill {competency.name.lower()}, your weakest area right now.", "start": "drill"}
    exams = [q for q in quizzes if q.mode == "exam"]
    if exams:
        unpassed = [q for q in exams if best.get(q.pk, 0) < 70] or exams
        return {"text": f"Rehearse with “{unpassed[0].title}”.", "quiz": unpassed[0]}
    return {"text": "Keep practising: every answer sharpens your readiness estimate.", "quiz": None}


def build(*, user, now: datetime) -> dict:
    core = selectors.core_competencies()
    ready = selectors.readiness_for(user=user, now=now, core=core)
    personal = StudySession.objects.filter(user=user).values("quiz_id")
    open_attempts = list(quiz_selectors.open_attempts(user=user))
    quizzes = list(quiz_selectors.quizzes_for_home())
    best = dict(
        Attempt.objects.for_user(user)
        .submitted()
        .exclude(quiz_id__in=personal)
        .values("quiz_id")
        .annotate(best=Max("score_percent"))
        .values_list("quiz_id", "best")
    )
    due = selectors.due_cards(user=user, now=now).count()
    queue = ReviewCard.objects.filter(user=user).aggregate(n=Count("id"), next_due=Min("due"))
    mastery = [(c, ready.mastery[c.slug]) for c in core]
    assignments = assignments_for_member(user=user)
    return {
        "open_attempts": open_attempts,
        "quizzes": [(q, best.get(q.pk)) for q in quizzes],
        "assignments": assignments,
        "recent_attempts": list(quiz_selectors.recent_attempts(user=user, limit=8)),
        "mastery": mastery,
        "readiness": ready,
        "due": due,
        "queue": queue,
        "bookmarks": Bookmark.objects.filter(user=user).count(),
        "next_step": _next_step(
            open_attempts=open_attempts,
            assignments=assignments,
            due=due,
            ready=ready,
            quizzes=quizzes,
            best=best,
            core=core,
            now=now,
        ),
    }


def progress(*, user, now: datetime) -> dict:
    core = selectors.core_competencies()
    since = charts.week_start(now) - timedelta(weeks=PROGRESS_WEEKS - 1)
    answers = selectors.answers_since(
        user=user, since=datetime.combine(since, datetime.min.time(), now.tzinfo)
    )
    weeks = charts.weekly(answers, today=now.date(), weeks=PROGRESS_WEEKS)
    slugs = [c.slug for c in core]
    lines = charts.trend_lines(weeks, slugs)
    bars, busiest = charts.answer_bars(weeks, slugs)
    names = {c.slug: c.name for c in core}
    return {
        "weeks": weeks,
        "core": core,
        "trend": [(names[line.competency], index, line) for index, line in enumerate(lines)],
        "table": [
            (w, [w.percent(slug) for slug in slugs], [w.asked.get(slug, 0) for slug in slugs], bar.total)
            for w, bar in zip(weeks, bars, strict=True)
        ],
        "bars": bars,
        "busiest": busiest,
        "x_labels": charts.x_labels(weeks),
        "total_answers": len(answers),
        "chart": {
            "width": charts.WIDTH,
            "height": charts.HEIGHT,
            "left": charts.LEFT,
            "right": charts.PLOT_RIGHT,
            "top": charts.TOP,
            "bottom": charts.PLOT_BOTTOM,
            "middle": (charts.TOP + charts.PLOT_BOTTOM) / 2,
            "bar_width": charts.BAR_WIDTH,
        },
    }
