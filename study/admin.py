from django.contrib import admin, messages
from django.db.models import Exists, OuterRef

from quizzes.admin import QuestionAdmin
from quizzes.models import Question
from study.models import Bookmark, ProblemReport, ReviewCard

OPEN = [ProblemReport.Status.NEW, ProblemReport.Status.IN_REVIEW]


class ProblemReportFilter(admin.SimpleListFilter):
    title = "problem reports"
    parameter_name = "reports"

    def lookups(self, request, model_admin):
        return [("open", "Open reports"), ("any", "Any report"), ("none", "No reports")]

    def queryset(self, request, queryset):
        reports = ProblemReport.objects.filter(question=OuterRef("pk"))
        if self.value() == "open":
            return queryset.filter(Exists(reports.filter(status__in=OPEN)))
        if self.value() == "any":
            return queryset.filter(Exists(reports))
        if self.value() == "none":
            return queryset.exclude(Exists(reports))
        return queryset


# The bank's question list, plus a filter by the problem reports study owns. Registered again here (study is
# installed after quizzes) so that quizzes never reaches into study.
admin.site.unregister(Question)


@admin.register(Question)
class QuestionWithReportsAdmin(QuestionAdmin):
    list_filter = [*QuestionAdmin.list_filter, ProblemReportFilter]


def _without_reporter(request, names):
    return list(names) if request.user.is_superuser else [n for n in names if n != "reporter"]


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    """The trainers' queue of candidates' reports on questions.

    Trainers see what was reported, not who reported it: fixing a question needs the message, and a report
    tells what a candidate found hard. Superusers see the reporter (to answer abuse). Instructors have no
    access: the queue is about the bank, which trainers keep (study/migrations/0003).
    """

    list_display = ["question", "status", "created_at", "reporter", "short_message"]
    list_filter = ["status", "question__competency"]
    search_fields = ["message", "question__key", "question__title"]
    list_select_related = ["question"]
    readonly_fields = ["question", "version", "reporter", "message", "created_at"]
    fields = ["question", "version", "reporter", "created_at", "message", "status", "trainer_note"]
    actions = ["mark_in_review", "mark_fixed", "mark_dismissed"]

    @admin.display(description="report")
    def short_message(self, obj) -> str:
        return obj.message[:80]

    def get_list_display(self, request):
        return _without_reporter(request, super().get_list_display(request))

    def get_fields(self, request, obj=None):
        return _without_reporter(request, super().get_fields(request, obj))

    def get_readonly_fields(self, request, obj=None):
        return _without_reporter(request, super().get_readonly_fields(request, obj))

    def has_add_permission(self, request) -> bool:
        return False

    def _mark(self, request, queryset, status):
        count = queryset.update(status=status)
        self.message_user(
            request,
            f"{count} report(s) marked {ProblemReport.Status(status).label.lower()}.",
            messages.SUCCESS,
        )

    @admin.action(description="Mark as being looked at", permissions=["change"])
    def mark_in_review(self, request, queryset):
        self._mark(request, queryset, ProblemReport.Status.IN_REVIEW)

    @admin.action(description="Mark as fixed", permissions=["change"])
    def mark_fixed(self, request, queryset):
        self._mark(request, queryset, ProblemReport.Status.FIXED)

    @admin.action(description="Mark as dismissed", permissions=["change"])
    def mark_dismissed(self, request, queryset):
        self._mark(request, queryset, ProblemReport.Status.DISMISSED)


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "due", "reviews", "lapses"]
    search_fields = ["user__username", "question__key"]
    list_select_related = ["user", "question"]
    readonly_fields = [
        "user",
        "question",
        "state",
        "step",
        "stability",
        "difficulty",
        "due",
        "last_review",
        "reviews",
        "lapses",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "created_at"]
    list_select_related = ["user", "question"]
    search_fields = ["user__username", "question__key"]
