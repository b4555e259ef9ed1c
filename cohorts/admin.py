from django import forms
from django.contrib import admin
from django.db.models import Q
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.formats import date_format

from cohorts import item_analysis, services
from cohorts.models import (
    Assignment,
    Cohort,
    ItemAnalysis,
    ItemQuality,
    Membership,
    QuestionStatistics,
    ResultsImport,
)
from quizzes.admin import PublicQuizFilter


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user"]

    def save(self, commit=True):
        # Admin adds people the way the members page does: as an invitation the candidate accepts.
        if self.instance._state.adding:
            self.instance.status = Membership.Status.INVITED
        return super().save(commit)


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "status", "joined_at", "shares_history"]
    readonly_fields = ["status", "joined_at", "shares_history"]


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

    def get_queryset(self, request):
        """A stored analysis is its class's answers pooled, so it goes to whom may see that class (for a
        class of one, it is one person's answers); the analyses over everyone go to trainers."""
        stored = super().get_queryset(request)
        if request.user.is_superuser:
            return stored
        pooled = Q(cohort__isnull=True) if request.user.has_perm("quizzes.change_question") else Q(pk=None)
        return stored.filter(Q(cohort__in=Cohort.objects.taught_by(request.user)) | pooled)


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


def _stats(question) -> QuestionStatistics | None:
    try:
        return question.response_statistics
    except QuestionStatistics.DoesNotExist:
        return None


_ENOUGH = Q(response_statistics__responses__gte=item_analysis.MIN_RESPONSES)
_FLAGS = {
    "too-easy": ("too easy", _ENOUGH & Q(response_statistics__facility__gt=item_analysis.TOO_EASY)),
    "too-hard": ("too hard", _ENOUGH & Q(response_statistics__facility__lt=item_analysis.TOO_HARD)),
    "negative": ("negative discrimination", _ENOUGH & Q(response_statistics__discrimination__lt=0)),
}


class FlagFilter(admin.SimpleListFilter):
    """Filter by the quality flags, read from the stored statistics (the same thresholds as the flags)."""

    title = "flag"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [
            *[(key, label) for key, (label, _) in _FLAGS.items()],
            ("any", "any flag"),
            ("none", f"no flag, {item_analysis.MIN_RESPONSES} responses or more"),
            ("few", f"fewer than {item_analysis.MIN_RESPONSES} responses"),
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
    with quality flags from 30 responses. Opening the list computes them again only if attempts were
    submitted since they were stored."""

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
            return super().changelist_view(request, extra_context)  # refused there, before any computing
        run = services.question_statistics_current()
        subtitle = (
            f"Computed {date_format(timezone.localtime(run.computed_at), 'DATETIME_FORMAT')} from "
            f"{run.attempt_count} submitted attempt{pluralize(run.attempt_count)}; computed again when "
            "attempts are submitted."
        )
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
        if responses < item_analysis.MIN_RESPONSES:
            return f"fewer than {item_analysis.MIN_RESPONSES} responses"
        found = item_analysis.quality_flags(
            responses=responses, facility=stats.facility, discrimination=stats.discrimination
        )
        return ", ".join(found) or "none"
