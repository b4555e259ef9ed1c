"""Access to a cohort: one helper each for its instructors and its members; 404 for anyone else."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cohorts.models import Cohort, Membership


def cohort_for_instructor(request: HttpRequest, slug: str) -> Cohort:
    """The cohort if the signed-in user teaches it (staff who may read cohorts: any cohort); 404 otherwise."""
    return get_object_or_404(Cohort.objects.taught_by(request.user), slug=slug)


def membership_for_user(request: HttpRequest, slug: str, *, active: bool | None = None) -> Membership:
    """The signed-in user's membership of the class (`active=True`), invitation to it (`active=False`) or
    either (None); 404 otherwise."""
    memberships = request.user.memberships.select_related("cohort")
    if active is not None:
        status = Membership.Status.ACTIVE if active else Membership.Status.INVITED
        memberships = memberships.filter(status=status)
    return get_object_or_404(memberships, cohort__slug=slug)
