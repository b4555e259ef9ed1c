"""Dashboard, progress and review pages: content, filters, bookmarks, problem reports, budgets."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Assignment, Cohort, Membership
from quizzes import services as quiz_services
from quizzes.models import AttemptSlot
from study.models import Bookmark, ProblemReport
from tests.study.test_spaced_review import _take


def test_dashboard_for_a_new_candidate_suggests_a_first_quiz_and_refuses_to_guess(client, casey, make_quiz):
    # The shortest untried practice quiz is suggested, not the first by title (D14); exams are not.
    make_quiz(6, title="Change agent practice")
    make_quiz(2, title="A mock exam", mode="exam")
    make_quiz(3, title="Core competencies: a first look")
    client.force_login(casey)
    page = client.get(reverse("study:dashboard")).content.decode()
    assert "Try “Core competencies: a first look”" in page
    assert "can't estimate your chance" in page
    assert page.count("Not enough answers yet") == 3
    assert "Nothing is due for review today" in page
    assert "Build my drill" not in page and "Once you have answered some questions" in page


def test_dashboard_shows_mastery_due_reviews_history_and_resume(client, casey, make_quiz):
    quiz = make_quiz(30, title="Big practice", mode="exam")
    # 10 per competency; right on 8 of each, community engagement chosen on the other two.
    answers = {p: (1 if p % 10 in (1, 2) else 0) for p in range(1, 31)}
    _take(casey, quiz, answers)
    open_quiz = make_quiz(2, title="Half done")
    quiz_services.attempt_start(user=casey, quiz=open_quiz)
    client.force_login(casey)
    page = client.get(reverse("study:dashboard")).content.decode()
    assert "Finish “Half done”" in page
    assert "From 30 answers in the last 30 days" in page
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>(\d+)%</td>', page)
    assert rows == [("Peer support", "80"), ("In but not of the system", "80"), ("Change agent", "80")]
    assert "6 questions in your review queue; the next comes due" in page
    assert "Estimated chance of reaching 70%" in page
    assert "Big practice" in page and "24/30 (80%)" in page


def test_dashboard_costs_the_same_for_one_attempt_and_many(
    client, casey, make_quiz, django_assert_max_num_queries
):
    client.force_login(casey)
    quiz = make_quiz(6, mode="exam")
    _take(casey, quiz, {1: 0, 2: 1})
    client.get(reverse("study:dashboard"))  # schedule the first attempt
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("study:dashboard"))
    for _ in range(5):
        _take(casey, make_quiz(6, mode="exam"), {1: 1, 2: 1, 3: 0})
    client.get(reverse("study:dashboard"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("study:dashboard"))
    assert len(few) == len(many)
    with django_assert_max_num_queries(16):
        client.get(reverse("study:dashboard"))


def test_progress_charts_come_with_tables(client, casey, make_quiz, django_assert_max_num_queries):
    _take(casey, make_quiz(6, mode="exam"), {1: 0, 2: 0, 3: 1})
    client.force_login(casey)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("study:progress")).content.decode()
    assert page.count('role="img"') == 2
    assert "<caption>Share right each week" in page
    assert "6 answers in all" in page
    # make_quiz cycles the competencies: peer support 1 and 4, in but not of 2 and 5, change agent 3 and 6.
    assert re.search(r"<td>50%</td><td>50%</td><td>0%</td>", page)
    # The answers table gives each competency's count and the week's total, like the stacked bars.
    assert re.search(r"<td>2</td><td>2</td><td>2</td><td>6</td>", page)
    assert page.count('class="bar series-') == 3


@pytest.fixture
def reviewed(casey, make_quiz):
    return _take(casey, make_quiz(4, mode="exam"), {1: 0, 2: 1}, flagged=[2])


def test_review_filters_wrong_flagged_and_bookmarked(client, casey, reviewed):
    client.force_login(casey)
    url = reverse("study:review", args=[reviewed.pk])
    assert client.get(url).content.decode().count('class="card mb-4 review-item"') == 4
    assert (
        client.get(url + "?show=wrong").content.decode().count("review-item") == 3
    )  # 2 wrong, 3-4 unanswered
    flagged = client.get(url + "?show=flagged").content.decode()
    assert flagged.count("review-item") == 1 and "Question 2" in flagged
    assert "No questions match" in client.get(url + "?show=bookmarked").content.decode()
    toggle = reverse("study:bookmark_toggle", args=[reviewed.pk, 3])
    client.post(toggle, {"bookmarked": "1"})
    client.post(toggle, {"bookmarked": "1"})  # a double click: still bookmarked, once
    assert Bookmark.objects.count() == 1
    marked = client.get(url + "?show=bookmarked").content.decode()
    assert marked.count("review-item") == 1 and "Remove bookmark" in marked
    assert 'name="bookmarked" value="0"' in marked
    assert client.get(url + "?show=nonsense").content.decode().count("review-item") == 4
    client.post(toggle, {"bookmarked": "0"})
    client.post(toggle, {"bookmarked": "0"})
    assert not Bookmark.objects.exists()


def test_a_bookmark_request_without_a_readable_state_changes_nothing(client, casey, reviewed):
    client.force_login(casey)
    toggle = reverse("study:bookmark_toggle", args=[reviewed.pk, 3])
    for data in ({}, {"bookmarked": "yes"}):
        page = client.post(toggle, data, follow=True).content.decode()
        assert "could not be read. Nothing was changed." in page
    assert not Bookmark.objects.exists()


def test_a_problem_report_lands_in_the_trainers_queue(client, casey, reviewed):
    client.force_login(casey)
    response = client.post(
        reverse("study:problem_report", args=[reviewed.pk, 1]),
        {"message": "Choices B and C both look right to me."},
        follow=True,
    )
    assert "has gone to the trainers" in response.content.decode()
    again = client.post(
        reverse("study:problem_report", args=[reviewed.pk, 1]),
        {"message": "Choices B and C both look right to me. "},
        follow=True,
    )
    assert "You already sent this report on question 1" in again.content.decode()
    report = ProblemReport.objects.get()
    slot = AttemptSlot.objects.get(attempt=reviewed, position=1)
    assert (report.question_id, report.version_id, report.status) == (
        slot.question_id,
        slot.version_id,
        "new",
    )


@pytest.mark.parametrize("message", ["", "   ", "x" * 2001])
def test_an_empty_or_over_long_report_is_refused_and_saves_nothing(client, casey, reviewed, message):
    client.force_login(casey)
    response = client.post(
        reverse("study:problem_report", args=[reviewed.pk, 1]), {"message": message}, follow=True
    )
    page = response.content.decode()
    assert "This field is required" in page or "at most 2000 characters" in page
    assert not ProblemReport.objects.exists()


def test_bookmarks_and_reports_on_someone_elses_attempt_are_404(client, olu, reviewed):
    client.force_login(olu)
    bookmark = reverse("study:bookmark_toggle", args=[reviewed.pk, 1])
    assert client.post(bookmark, {"bookmarked": "1"}).status_code == 404
    assert (
        client.post(reverse("study:problem_report", args=[reviewed.pk, 1]), {"message": "hi"}).status_code
        == 404
    )
    assert client.get(reverse("study:review", args=[reviewed.pk])).status_code == 404
    assert not Bookmark.objects.exists() and not ProblemReport.objects.exists()


def test_bookmarking_a_position_outside_the_attempt_is_404(client, casey, reviewed):
    client.force_login(casey)
    bookmark = reverse("study:bookmark_toggle", args=[reviewed.pk, 99])
    assert client.post(bookmark, {"bookmarked": "1"}).status_code == 404


def test_the_result_page_shows_time_used(client, casey, reviewed):
    client.force_login(casey)
    page = client.get(reverse("quizzes:attempt_result", args=[reviewed.pk])).content.decode()
    assert re.search(r"Time used: \d+ min \d+ s\.", page)


def test_a_trainer_works_the_report_queue_in_admin(client, tess, casey, reviewed):
    slot = AttemptSlot.objects.get(attempt=reviewed, position=1)
    report = ProblemReport.objects.create(
        question=slot.question, version=slot.version, reporter=casey, message="B?"
    )
    client.force_login(tess)
    queue = client.get(
        reverse("admin:study_problemreport_changelist") + "?status__exact=new"
    ).content.decode()
    assert "B?" in queue
    client.post(
        reverse("admin:study_problemreport_changelist"),
        {"action": "mark_fixed", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == "fixed"


def test_review_of_a_quiz_hiding_its_answers_offers_no_wrong_filter(client, casey, make_quiz):
    attempt = _take(casey, make_quiz(3, mode="exam", review_answers="never"), {1: 1, 2: 0})
    client.force_login(casey)
    url = reverse("study:review", args=[attempt.pk])
    page = client.get(url).content.decode()
    assert "Wrong or unanswered" not in page and "Flagged" in page
    assert "does not show right answers" in page
    # Asking for the filter anyway shows every question, so nothing is given away.
    assert client.get(url + "?show=wrong").content.decode().count('class="card mb-4 review-item"') == 3


def test_an_assignment_due_soon_is_the_next_step_and_an_overdue_one_says_so(client, casey, make_quiz):
    make_quiz(3, title="Core competencies: a first look")
    now = timezone.now()
    cohort = Cohort.objects.create(name="Spring class", slug="spring", starts_on=timezone.localdate(now))
    Membership.objects.create(cohort=cohort, user=casey)
    late = make_quiz(2, title="Week 1 check-in")
    soon = make_quiz(2, title="Week 2 check-in")
    later = make_quiz(4, title="Week 9 check-in")  # longer than the starter
    Assignment.objects.create(cohort=cohort, quiz=late, due_at=now - timedelta(days=1))
    Assignment.objects.create(cohort=cohort, quiz=soon, due_at=now + timedelta(days=3))
    Assignment.objects.create(cohort=cohort, quiz=later, due_at=now + timedelta(days=40))
    client.force_login(casey)
    page = client.get(reverse("study:dashboard")).content.decode()
    assert re.search(r"“Week 1 check-in” was due \w{3} \d+ for Spring class\.", page)
    assert "<strong>Overdue</strong> (was due" in page
    assert page.count("Due ") == 2  # Week 2 and Week 9, not yet due
    # With the overdue one done, the one due within a week takes its place; one due in 40 days never does.
    _take(casey, late, {1: 0, 2: 0})
    page = client.get(reverse("study:dashboard")).content.decode()
    assert "“Week 2 check-in” is due" in page and "Done" in page
    _take(casey, soon, {1: 0, 2: 0})
    page = client.get(reverse("study:dashboard")).content.decode()
    assert "Week 9 check-in” is due" not in page
    assert "Try “Core competencies: a first look”" in page
