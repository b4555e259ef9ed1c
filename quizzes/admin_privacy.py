"""Admin's delete confirmation lists every object a deletion would take with it, each by its name, and
several of those names are people's (a bookmark, a review card, an attempt). Only a superuser sees them;
everyone else sees how many of each kind, which is all a trainer needs to decide."""

from django.utils.text import capfirst


class CountsOnlyDeletionMixin:
    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if request.user.is_superuser:
            return deleted, counts, perms_needed, protected
        summary = [f"{capfirst(name)}: {count}" for name, count in counts.items()]
        if protected:
            protected = [f"{len(protected)} protected object(s), such as candidates' attempts"]
        return summary, counts, perms_needed, protected
