"""The cohort dashboard, the members' assignments, and their query budgets."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts import selectors
from cohorts.dashboard import cohort_dashboard
from cohorts.models import Assignment, Membership
from competencies.models import Competency
from quizzes.models import Attempt, CompetencyScore
from tests.cohorts.conftest import days_ago
from tests.quizzes.factories import UserFactory


@pytest.fixture
def quiz(make_quiz):
    return make_quiz(3, slug="mock-exam", title="Mock exam")


def test_the_dashboard_shows_each_candidates_scores_heat_map_and_risk(
    client, cohort, ines, casey, quiz, take
):
    quiz_taker = UserFactory(username="dana")
    Membership.objects.create(cohort=cohort, user=quiz_taker)
    take(casey, quiz, "AAA", submitted_at=days_ago(30))  # 100 %, long ago
    take(casey, quiz, "ABB")  # 33 %: peer support right, the other two wrong
    Membership.objects.create(cohort=cohort, user=UserFactory(username="quiet"))
    client.force_login(ines)
    page = client.get(reverse("cohorts:dashboard", args=["spring"])).content.decode()
    casey_row = page[page.index(">casey<") : page.index("</tr>", page.index(">casey<"))]
    assert ">2<" in casey_row  # attempts
    assert "100%" in casey_row and "33%" in casey_row  # best and latest
    assert "Peer support" not in casey_row  # 2/2 right
    assert "Below 70% in In but not of the system, Change agent" in casey_row
    assert "(1/2)" in casey_row
    quiet_row = page[page.index(">quiet<") : page.index("</tr>", page.index(">quiet<"))]
    assert "No submitted attempt yet" in quiet_row and "no data" in quiet_row
    assert "3 of 3 at risk" in page
    assert "<svg" in page and "Members per band of latest score" in page


def test_inactivity_flags_a_member_after_the_cohorts_number_of_days(cohort, casey, quiz, take):
    take(casey, quiz, "AAA", submitted_at=days_ago(20))
    row = cohort_dashboard(cohort=cohort).rows[0]
    assert row.risks == ["Inactive for more than 14 days"]
    cohort.inactive_days = 30
    assert cohort_dashboard(cohort=cohort).rows[0].risks == []


def test_class_mean_spread_histogram_and_assignment_progress(cohort, casey, quiz, take):
    dana = UserFactory(username="dana")
    Membership.objects.create(cohort=cohort, user=dana)
    assignment = Assignment.objects.create(cohort=cohort, quiz=quiz, due_at=days_ago(-3))
    take(casey, quiz, "AAA")
    take(dana, quiz, "BAA")
    data = cohort_dashboard(cohort=cohort)
    peer = data.summaries[0]
    assert peer.competency.slug == "peer-support"
    assert peer.mean == 50 and peer.sd == pytest.approx(70.7107, abs=1e-4)
    assert [n for _, _, n in data.bins][6] == 1 and [n for _, _, n in data.bins][9] == 1
    assert data.progress[0].assignment == assignment and data.progress[0].done == 2


def test_an_attempt_before_the_assignment_does_not_count_towards_it(cohort, casey, quiz, take):
    take(casey, quiz, "AAA", submitted_at=days_ago(5))
    Assignment.objects.create(cohort=cohort, quiz=quiz, due_at=days_ago(-3))
    assert cohort_dashboard(cohort=cohort).progress[0].done == 0
    [mine] = selectors.assignments_for_member(user=casey)
    assert mine.quiz == quiz and mine.cohort == cohort and mine.done is False
    take(casey, quiz, "AAA")
    assert selectors.assignments_for_member(user=casey)[0].done is True


def test_assignments_for_member_lists_only_the_members_cohorts_in_one_query(
    cohort, other_cohort, casey, olu, quiz, make_quiz, django_assert_num_queries
):
    Assignment.objects.create(cohort=cohort, quiz=quiz, due_at=days_ago(-3))
    Assignment.objects.create(cohort=other_cohort, quiz=make_quiz(2), due_at=days_ago(-1))
    with django_assert_num_queries(1):
        found = selectors.assignments_for_member(user=casey)
        assert [(a.cohort.slug, a.quiz.slug, a.overdue) for a in found] == [("spring", "mock-exam", False)]
    assert selectors.assignments_for_member(user=olu) == []


def _members_with_attempts(cohort, quiz, n: int) -> None:
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(username=f"bulk{cohort.slug}{i}", email=f"b{cohort.slug}{i}@example.org")
            for i in range(n)
        ]
    )
    Membership.objects.bulk_create([Membership(cohort=cohort, user=u, joined_at=days_ago(30)) for u in users])
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        [
            Attempt(
                user=u,
                quiz=quiz,
                status=Attempt.Status.SUBMITTED,
                submitted_at=now,
                pass_mark=70,
                correct_count=i % 4,
                question_count=3,
                score_percent=Decimal(100 * (i % 4) / 3).quantize(Decimal("0.01")),
                passed=i % 4 == 3,
            )
            for i, u in enumerate(users)
        ]
    )
    core = list(Competency.objects.core())
    CompetencyScore.objects.bulk_create(
        [CompetencyScore(attempt=a, competency=c, correct=1, asked=1) for a in attempts for c in core]
    )
    Assignment.objects.get_or_create(cohort=cohort, quiz=quiz, defaults={"due_at": now})


def _dashboard_queries(client, cohort) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cohorts:dashboard", args=[cohort.slug]))
    assert response.status_code == 200
    return len(captured)


def test_the_dashboard_runs_the_same_queries_for_5_and_200_members(
    client, cohort, other_cohort, ines, ivan, quiz, django_assert_max_num_queries
):
    _members_with_attempts(cohort, quiz, 5)
    _members_with_attempts(other_cohort, quiz, 200)
    client.force_login(ines)
    small = _dashboard_queries(client, cohort)
    client.force_login(ivan)
    large = _dashboard_queries(client, other_cohort)
    assert small == large
    # one query reads every member's best and latest attempt, so percents come from the exact counts
    with django_assert_max_num_queries(10):
        client.get(reverse("cohorts:dashboard", args=[other_cohort.slug]))
    with django_assert_max_num_queries(9):
        client.get(reverse("cohorts:scores_csv", args=[other_cohort.slug]))


def _assigned(page: str) -> str:
    """The dashboard's "Assigned by your class" section alone."""
    start = page.index('aria-labelledby="assigned-heading"')
    return page[start : page.index("</section>", start)]


def test_a_member_sees_the_cohorts_assignment_on_their_own_dashboard_and_others_do_not(
    client, cohort, casey, olu, quiz, take
):
    Assignment.objects.create(cohort=cohort, quiz=quiz, due_at=days_ago(-3))
    client.force_login(casey)
    section = _assigned(client.get(reverse("study:dashboard")).content.decode())
    assert (
        f'<a href="{quiz.get_absolute_url()}">Mock exam</a> <span class="small">(Spring class)</span>'
        in section
    )
    assert "Due " in section and "Done" not in section
    take(casey, quiz, "AAA")
    section = _assigned(client.get(reverse("study:dashboard")).content.decode())
    assert "Done" in section and "Due " not in section
    client.force_login(olu)
    assert "Assigned by your class" not in client.get(reverse("study:dashboard")).content.decode()


def test_the_dashboard_links_the_item_analysis_of_every_quiz_members_took(
    client, cohort, ines, casey, olu, quiz, make_quiz, take
):
    take(casey, quiz, "AAA")  # not assigned: say, imported from paper
    take(olu, make_quiz(2, title="Not our class"), "AA")  # olu is in no cohort
    client.force_login(ines)
    page = client.get(reverse("cohorts:dashboard", args=["spring"])).content.decode()
    section = page[page.index("Item analysis of every quiz your members took") :]
    assert reverse("itemstats:item_analysis", args=["spring", "mock-exam"]) in section
    assert "Not our class" not in page
