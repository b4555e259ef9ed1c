"""The question page's navigator: one link per question, marked as the candidate left each one."""

import re

from django.urls import reverse

from quizzes import services
from quizzes.models import AttemptSlot
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_multiple_response import make_mr_question


def _links(html: str) -> list[tuple[str, str, str]]:
    nav = html[html.index('<ol class="question-nav') : html.index("</ol>")]
    return re.findall(r'<a class="btn btn-sm ([\w-]+)" href="([^"]+)"[^>]*>(.*?)</a>', nav)


def test_the_navigator_links_every_question_and_says_which_are_answered_and_flagged(client, casey, taxonomy):
    agent = taxonomy["change-agent"]
    singles = [QuestionFactory(competency=agent, choices=[(True, agent), (False, None)]) for _ in range(3)]
    quiz = QuizFactory(
        questions=[make_mr_question(taxonomy), make_mr_question(taxonomy, "mr-2"), *singles], mode="exam"
    )
    attempt = services.attempt_start(user=casey, quiz=quiz)
    slots = {s.position: s for s in AttemptSlot.objects.filter(attempt=attempt).select_related("version")}
    multiple = [p for p, s in slots.items() if s.is_multiple]
    single = [p for p, s in slots.items() if not s.is_multiple]
    ticked, cleared = multiple

    def tick(position, choices):
        services.answers_save_many(
            attempt_id=attempt.pk, user=casey, position=position, choice_ids=choices,
            sequence=AttemptSlot.objects.get(attempt=attempt, position=position).sequence,
        )  # fmt: skip

    tick(ticked, slots[ticked].choice_order[:2])
    tick(cleared, slots[cleared].choice_order[:1])
    tick(cleared, [])  # every tick taken back: not answered any more
    services.answer_save(
        attempt_id=attempt.pk, user=casey, position=single[0], choice_id=slots[single[0]].choice_order[0],
        sequence=0,
    )  # fmt: skip
    services.attempt_flag(attempt_id=attempt.pk, user=casey, position=single[1], flagged=True)

    client.force_login(casey)
    shown = single[2]
    links = _links(client.get(reverse("quizzes:attempt_question", args=[attempt.pk, shown])).content.decode())

    assert [href for _, href, _ in links] == [
        reverse("quizzes:attempt_question", args=[attempt.pk, p]) for p in range(1, 6)
    ]
    style = {p: links[p - 1][0] for p in range(1, 6)}
    said = {p: re.sub(r"<[^>]+>", "", links[p - 1][2]) for p in range(1, 6)}
    assert style[shown] == "btn-primary" and said[shown] == f"{shown}, not answered"
    assert (style[ticked], said[ticked]) == ("btn-secondary", f"{ticked}, answered")
    assert (style[single[0]], said[single[0]]) == ("btn-secondary", f"{single[0]}, answered")
    assert (style[cleared], said[cleared]) == ("btn-outline-secondary", f"{cleared}, not answered")
    assert said[single[1]] == f"{single[1]} ⚑, not answered, flagged"
    url = reverse("quizzes:attempt_question", args=[attempt.pk, shown])
    html = client.get(url).content.decode()
    assert html.count('aria-current="step"') == 1 and f'href="{url}" aria-current="step"' in html
