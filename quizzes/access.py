"""The one access helper for attempts, shared by every view that shows or changes one."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from quizzes import services
from quizzes.models import Attempt


def get_attempt_for_user(request: HttpRequest, attempt_id: int) -> Attempt:
    """The attempt if it belongs to the signed-in user; 404 otherwise (never reveal others' attempts).

    An attempt whose time ran out is submitted here, with the answers it saved, before anything is shown.
    """
    attempt = get_object_or_404(Attempt.objects.select_related("quiz"), pk=attempt_id, user=request.user)
    return services.attempt_close_if_overdue(attempt=attempt)
