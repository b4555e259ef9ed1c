"""Demo accounts for local development. Never created outside development mode."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

DEMO_PASSWORD = "practice-cps-2026"
DEMO_USERS = [
    ("candidate", "Candidates", False, "candidate: takes quizzes"),
    ("trainer", "Trainers", True, "trainer: edits the question bank in /admin/"),
    ("instructor", "Instructors", True, "instructor: reviews cohorts"),
]


@transaction.atomic
def demo_users_create():
    User = get_user_model()
    created = []
    for username, group_name, is_staff, role in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        user.is_staff = is_staff
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        created.append((user, role))
    return created
