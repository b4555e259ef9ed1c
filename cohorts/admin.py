from django.contrib import admin
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum

from cohorts import item_analysis, statistics
from cohorts.models import Assignment, Cohort, ItemAnalysis, ItemQuality, Membership, ResultsImport
from cohorts.selectors import ATTEMPT_TOTAL, SLOT_MARK
from quizzes.models import Attempt, AttemptSlot


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["quiz"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "starts_on", "ends_on", "join_code"]
    search_fields = ["name", "slug", "join_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["instructors"]
    fieldsets = [
        (None, {"fields": ["name", "slug", ("starts_on", "ends_on"), "join_code", "instructors"]}),
        ("At-risk flags", {"fields": ["pass_mark", "inactive_days"]}),
    ]
    inlines = [MembershipInline, AssignmentInline]


@admin.register(ItemAnalysis)
class ItemAnalysisAdmin(admin.ModelAdmin):
    list_display = ["quiz", "cohort", "attempts", "attempt_count", "computed_at"]
    list_select_related = ["quiz", "cohort"]
    readonly_fields = [
        "quiz",
        "cohort",
        "attempts",
        "attempt_count",
        "latest_submitted_at",
        "computed_at",
        "data",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ResultsImport)
class ResultsImportAdmin(admin.ModelAdmin):
    """Paper results files already imported. Deleting a row lets the same file be imported again (its attempts
    stay: delete those first if the file is to replace them)."""

    list_display = ["quiz", "cohort", "attempts", "imported_at"]
    list_select_related = ["quiz", "cohort"]
    readonly_fields = ["quiz", "cohort", "digest", "attempts", "imported_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _slot_sum(expression) -> Subquery:
    """Per question, a sum over its responses in submitted attempts, as a correlated subquery."""
    slots = (
        AttemptSlot.objects.filter(question=OuterRef("pk"), attempt__status=Attempt.Status.SUBMITTED)
        .annotate(mark=SLOT_MARK, total=F(ATTEMPT_TOTAL))
        .order_by()
        .values("question")
        .annotate(value=expression)
        .values("value")
    )
    return Subquery(slots, output_field=IntegerField())


@admin.register(ItemQuality)
class ItemQualityAdmin(admin.ModelAdmin):
    """Response statistics of each question over every submitted attempt, with quality flags from 30."""

    list_display = ["key", "title", "competency", "responses", "facility", "discrimination", "flags"]
    list_filter = ["status", "competency", "quizzes"]
    search_fields = ["key", "title"]
    list_select_related = ["competency"]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n=_slot_sum(Count("pk")),
                sx=_slot_sum(Sum("mark")),
                sxt=_slot_sum(Sum(F("mark") * F("total"))),
                st=_slot_sum(Sum("total")),
                stt=_slot_sum(Sum(F("total") * F("total"))),
            )
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="responses", ordering="n")
    def responses(self, obj) -> int:
        return obj.n or 0

    def _facility(self, obj) -> float | None:
        return 100 * obj.sx / obj.n if obj.n else None

    def _discrimination(self, obj) -> float | None:
        if not obj.n:
            return None
        # Marks are 0 or 1 today, so the sum of x² is the sum of x.
        return statistics.discrimination_from_sums(
            n=obj.n, sx=obj.sx, sxx=obj.sx, sxt=obj.sxt, st=obj.st, stt=obj.stt
        )

    @admin.display(description="facility")
    def facility(self, obj) -> str:
        value = self._facility(obj)
        return "—" if value is None else f"{value:.0f}%"

    @admin.display(description="discrimination")
    def discrimination(self, obj) -> str:
        value = self._discrimination(obj)
        return "not enough data" if value is None else f"{value:.0f}%"

    @admin.display(description="flags")
    def flags(self, obj) -> str:
        found = item_analysis.quality_flags(
            responses=obj.n or 0, facility=self._facility(obj), discrimination=self._discrimination(obj)
        )
        if not found and (obj.n or 0) < item_analysis.MIN_RESPONSES:
            return f"fewer than {item_analysis.MIN_RESPONSES} responses"
        return ", ".join(found) or "none"
