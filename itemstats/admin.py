from django.contrib import admin
from django.db.models import Q

from cohorts.models import Cohort
from itemstats import flags, quality
from itemstats.models import ItemAnalysis, ItemQuality, QuestionStatistics
from quizzes.admin import PublicQuizFilter


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

    def get_queryset(self, request):
        """A stored analysis is its class's answers pooled, so it goes to whom may see that class (for a
        class of one, it is one person's answers); the analyses over everyone go to trainers."""
        stored = super().get_queryset(request)
        if request.user.is_superuser:
            return stored
        pooled = Q(cohort__isnull=True) if request.user.has_perm("quizzes.change_question") else Q(pk=None)
        return stored.filter(Q(cohort__in=Cohort.objects.taught_by(request.user)) | pooled)


def _stats(question) -> QuestionStatistics | None:
    try:
        return question.response_statistics
    except QuestionStatistics.DoesNotExist:
        return None


_ENOUGH = Q(response_statistics__responses__gte=flags.MIN_RESPONSES)
_FLAGS = {
    "too-easy": ("too easy", _ENOUGH & Q(response_statistics__facility__gt=flags.TOO_EASY)),
    "too-hard": ("too hard", _ENOUGH & Q(response_statistics__facility__lt=flags.TOO_HARD)),
    "negative": ("negative discrimination", _ENOUGH & Q(response_statistics__discrimination__lt=0)),
    "mis-key": ("possible mis-key", _ENOUGH & Q(response_statistics__mis_key__gt="")),
}


class FlagFilter(admin.SimpleListFilter):
    """Filter by the quality flags, read from the stored statistics (the same thresholds as the flags)."""

    title = "flag"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [
            *[(key, label) for key, (label, _) in _FLAGS.items()],
            ("any", "any flag"),
            ("none", f"no flag, {flags.MIN_RESPONSES} responses or more"),
            ("few", f"fewer than {flags.MIN_RESPONSES} responses"),
        ]

    def queryset(self, request, queryset):
        any_flag = Q()
        for _, condition in _FLAGS.values():
            any_flag |= condition
        value = self.value()
        if value in _FLAGS:
            return queryset.filter(_FLAGS[value][1])
        if value == "any":
            return queryset.filter(any_flag)
        if value == "none":
            return queryset.filter(_ENOUGH).exclude(any_flag)
        if value == "few":
            return queryset.exclude(_ENOUGH)
        return queryset


@admin.register(ItemQuality)
class ItemQualityAdmin(admin.ModelAdmin):
    """Stored response statistics of each question's latest answered version over every submitted attempt,
    with quality flags from 30 responses. They are computed in the background after attempts are scored;
    the list only reads them and says how fresh they are."""

    list_display = [
        "key",
        "title",
        "competency",
        "version",
        "responses",
        "facility",
        "discrimination",
        "flags",
    ]
    list_filter = [FlagFilter, "status", "competency", ("quizzes", PublicQuizFilter)]
    search_fields = ["key", "title"]
    list_select_related = ["competency", "response_statistics__version"]
    list_per_page = 50

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)  # refused there, before any reading
        subtitle = quality.question_statistics_freshness()
        return super().changelist_view(request, {"subtitle": subtitle, **(extra_context or {})})

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="version")
    def version(self, obj) -> str:
        stats = _stats(obj)
        if stats is None:
            return "—"
        if stats.earlier_responses:
            return f"{stats.version.number} (+{stats.earlier_responses} responses to earlier versions)"
        return str(stats.version.number)

    @admin.display(description="responses", ordering="response_statistics__responses")
    def responses(self, obj) -> int:
        stats = _stats(obj)
        return stats.responses if stats else 0

    @admin.display(description="facility", ordering="response_statistics__facility")
    def facility(self, obj) -> str:
        stats = _stats(obj)
        return "—" if stats is None or stats.facility is None else f"{stats.facility:.0f}%"

    @admin.display(description="discrimination", ordering="response_statistics__discrimination")
    def discrimination(self, obj) -> str:
        stats = _stats(obj)
        return (
            "not enough data"
            if stats is None or stats.discrimination is None
            else f"{stats.discrimination:.0f}%"
        )

    @admin.display(description="flags")
    def flags(self, obj) -> str:
        stats = _stats(obj)
        responses = stats.responses if stats else 0
        if responses < flags.MIN_RESPONSES:
            return f"fewer than {flags.MIN_RESPONSES} responses"
        found = flags.quality_flags(
            responses=responses, facility=stats.facility, discrimination=stats.discrimination
        )
        if stats.mis_key:
            found.append(f"possible mis-key: {stats.mis_key}")
        return ", ".join(found) or "none"
