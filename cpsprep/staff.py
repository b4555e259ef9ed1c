"""Staff accounts an operator creates from the command line: the first trainer, instructor and superuser."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

# role -> (group created by the migrations, is_superuser). Every role is staff: trainers and instructors work
# in /admin/ (the bank, item quality) with exactly the permissions of their group.
ROLES: dict[str, tuple[str | None, bool]] = {
    "trainer": ("Trainers", False),
    "instructor": ("Instructors", False),
    "superuser": (None, True),
}


class StaffAccountError(Exception):
    pass


@transaction.atomic
def staff_account_create(*, role: str, username: str, email: str, password: str):
    """Create one staff account in its role's group, or raise StaffAccountError and create nothing."""
    if role not in ROLES:
        raise StaffAccountError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    group_name, is_superuser = ROLES[role]
    User = get_user_model()
    username = username.strip()
    if not username:
        raise StaffAccountError("A username is needed.")
    if User.objects.filter(username__iexact=username).exists():
        raise StaffAccountError(f"An account named {username!r} already exists; nothing was changed.")
    try:
        validate_email(email)
    except ValidationError:
        raise StaffAccountError(f"{email!r} is not an email address.") from None
    user = User(username=username, email=email, is_staff=True, is_superuser=is_superuser)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise StaffAccountError("The password was refused: " + " ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    if group_name:
        try:
            user.groups.add(Group.objects.get(name=group_name))
        except Group.DoesNotExist:
            raise StaffAccountError(
                f"The {group_name} group is missing; run `manage.py migrate` first."
            ) from None
    return user
