"""Access to a cohort: one helper each for its instructors and its members; 404 for anyone else."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cohorts.models import Cohort


def cohort_for_instructor(request: HttpRequest, slug: str) -> Cohort:
    """The cohort if the signed-in user teaches it (staff who may read cohorts: any cohort); 404 otherwise."""
    return get_object_or_404(Cohort.objects.taught_by(request.user), slug=slug)


def cohort_for_member(request: HttpRequest, slug: str) -> Cohort:
    """A class the signed-in user belongs to; 404 otherwise."""
    return get_object_or_404(Cohort, slug=slug, memberships__user=request.user)
