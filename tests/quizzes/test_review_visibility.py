"""The rule for when a quiz shows its answers exists as a method (one quiz) and as a filter (many quizzes);
both must say the same thing, or a hidden answer leaks through reviews or drills."""

import datetime

from django.utils import timezone

from quizzes.models import Quiz
from tests.quizzes.factories import QuizFactory


def test_the_filter_and_the_method_agree_for_every_review_option_and_closing_time(db):
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    quizzes = [
        QuizFactory(review_answers=option, closes_at=closes)
        for option in Quiz.ReviewAnswers.values
        for closes in (None, now - hour, now + hour)
    ]
    by_method = {q.pk for q in quizzes if q.answers_visible_at(now)}
    by_filter = set(Quiz.objects.filter(Quiz.answers_visible_q(now)).values_list("pk", flat=True))
    assert by_filter == by_method
    # Immediately: all three; after close: only the one that closed an hour ago; never: none.
    assert len(by_method) == 4
