"""Instructors and trainers are staff (they use admin for the bank); that alone opens no one else's class."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cohorts.models import Cohort
from tests.quizzes.factories import UserFactory


@pytest.fixture
def staff_instructor(db, other_cohort):
    """An instructor set up as in production: staff, in the Instructors group, teaching the Autumn class."""
    user = UserFactory(username="irene", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    other_cohort.instructors.add(user)
    return user


@pytest.fixture
def staff_trainer(db):
    user = UserFactory(username="trent", is_staff=True)
    user.groups.add(Group.objects.get(name="Trainers"))
    return user


def test_a_staff_instructor_sees_only_the_class_they_teach(client, staff_instructor, cohort, other_cohort):
    client.force_login(staff_instructor)
    assert list(Cohort.objects.taught_by(staff_instructor)) == [other_cohort]
    assert client.get(reverse("cohorts:dashboard", args=[other_cohort.slug])).status_code == 200
    response = client.get(reverse("cohorts:dashboard", args=[cohort.slug]))
    assert response.status_code == 404
    assert "Spring class" not in response.content.decode()
    listing = client.get(reverse("cohorts:cohort_list")).content.decode()
    assert "Autumn class" in listing and "Spring class" not in listing


def test_a_trainer_opens_no_cohort(client, staff_trainer, cohort):
    client.force_login(staff_trainer)
    assert client.get(reverse("cohorts:scores_csv", args=[cohort.slug])).status_code == 404
    assert "Spring class" not in client.get(reverse("cohorts:cohort_list")).content.decode()


def test_staff_who_may_read_cohorts_in_admin_see_every_class(sam, cohort, other_cohort):
    assert set(Cohort.objects.taught_by(sam)) == {cohort, other_cohort}


def test_a_superuser_sees_every_class(db, cohort, other_cohort):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert set(Cohort.objects.taught_by(admin)) == {cohort, other_cohort}


def test_staff_find_their_classes_from_every_page(client, staff_instructor):
    client.force_login(staff_instructor)
    page = client.get(reverse("study:dashboard")).content.decode()
    assert f'href="{reverse("cohorts:cohort_list")}">Classes</a>' in page
