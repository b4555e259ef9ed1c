"""Markup of the question page that a template loop made costly: it is the most requested page of the site."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def question_url_maker(attempt_id: int):
    """Position -> URL of that question of the attempt, from a single reverse(): the position is the last
    path segment, so a 40-question navigator costs one URL lookup instead of forty."""
    first = reverse("quizzes:attempt_question", args=[attempt_id, 1])
    head = first.removesuffix("1/")
    return lambda position: f"{head}{position}/"


@register.simple_tag
def question_navigator(attempt_id: int, navigator: list[tuple[int, bool, bool]], current: int) -> SafeString:
    """The "Go to question" list items: one link per question, marked current, answered and flagged.

    Plain string building, not a template loop or format_html per link: every piece is an integer, a URL
    that reverse() built from integers, or a constant below, so there is nothing to escape.
    """
    url = question_url_maker(attempt_id)
    items = []
    for position, answered, flagged in navigator:
        if position == current:
            style, step = "btn-primary", ' aria-current="step"'
        else:
            style, step = ("btn-secondary" if answered else "btn-outline-secondary"), ""
        mark = FLAG_MARK if flagged else ""
        said = (", answered" if answered else ", not answered") + (", flagged" if flagged else "")
        items.append(
            f'<li><a class="btn btn-sm {style}" href="{url(int(position))}"{step}>{int(position)}{mark}'
            f'<span class="visually-hidden">{said}</span></a></li>'
        )
    return mark_safe("\n".join(items))  # safe: see the docstring


FLAG_MARK = '<span aria-hidden="true"> ⚑</span>'
