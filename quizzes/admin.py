from django.contrib import admin, messages
from django.db.models import Count

from quizzes import bank
from quizzes.models import (
    Accommodation,
    Choice,
    Question,
    QuestionVersion,
    Quiz,
    QuizItem,
    QuizRule,
    VersionChoice,
)


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    min_num = 2
    fields = ["position", "text", "is_correct", "feedback", "concept"]
    autocomplete_fields = ["concept"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "competency", "difficulty", "contrast", "status", "updated_at"]
    list_filter = ["status", "competency", "difficulty", "contrast", "quizzes"]
    search_fields = ["key", "title", "scenario", "stem", "choices__text"]
    list_select_related = ["competency"]
    autocomplete_fields = ["competency"]
    fieldsets = [
        (None, {"fields": [("key", "status"), "title", ("competency", "difficulty", "contrast")]}),
        ("What the candidate reads", {"fields": ["scenario", "stem"]}),
        ("After answering", {"fields": ["explanation"]}),
    ]
    inlines = [ChoiceInline]
    actions = ["publish", "retire"]

    @admin.action(description="Publish selected questions", permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(status=Question.Status.PUBLISHED)
        self.message_user(request, f"{count} question(s) published.", messages.SUCCESS)

    def get_deleted_objects(self, objs, request):
        # Questions that attempts showed are protected (their versions and slots must stay); _delete retires
        # them instead, so neither the protection nor permissions on those history rows block the action.
        deleted, counts, _perms_needed, _protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), []

    def delete_model(self, request, obj):
        self._delete(request, [obj])

    def delete_queryset(self, request, queryset):
        self._delete(request, list(queryset))

    def _delete(self, request, questions):
        _deleted, retired = bank.questions_delete(questions=questions)
        if retired:
            self.message_user(
                request,
                f"{retired} question(s) had been shown to candidates, so they were retired instead of "
                "deleted (their attempts keep the versions they showed).",
                messages.WARNING,
            )

    @admin.action(description="Retire selected questions", permissions=["change"])
    def retire(self, request, queryset):
        count = queryset.update(status=Question.Status.RETIRED)
        self.message_user(request, f"{count} question(s) retired.", messages.SUCCESS)


class VersionChoiceInline(admin.TabularInline):
    model = VersionChoice
    extra = 0
    can_delete = False
    fields = ["position", "text", "is_correct", "feedback", "concept"]
    readonly_fields = fields


@admin.register(QuestionVersion)
class QuestionVersionAdmin(admin.ModelAdmin):
    """Frozen history: readable, never editable."""

    list_display = ["question", "number", "created_at", "attempts_shown"]
    list_filter = ["competency"]
    search_fields = ["question__key", "title", "stem"]
    readonly_fields = [
        "question",
        "number",
        "content_hash",
        "title",
        "competency",
        "difficulty",
        "contrast",
        "scenario",
        "stem",
        "explanation",
        "created_at",
    ]
    inlines = [VersionChoiceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question").annotate(shown=Count("slots"))

    @admin.display(description="times shown", ordering="shown")
    def attempts_shown(self, obj) -> int:
        return obj.shown

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class QuizItemInline(admin.TabularInline):
    model = QuizItem
    extra = 0
    fields = ["position", "question"]
    autocomplete_fields = ["question"]


class QuizRuleInline(admin.TabularInline):
    model = QuizRule
    extra = 0
    fields = ["position", "count", "competency", "difficulty", "pool"]
    verbose_name = "blueprint rule (questions drawn at random for each attempt)"


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "mode", "pass_mark", "time_limit_minutes", "is_published", "item_count"]
    list_filter = ["is_published", "mode"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": [("title", "slug"), "description", ("mode", "is_published"), "pass_mark"]}),
        ("Time and attempts", {"fields": [("time_limit_minutes", "grace_seconds"), "attempts_allowed"]}),
        ("Availability", {"fields": [("opens_at", "closes_at")]}),
        ("Order and review", {"fields": [("shuffle_questions", "shuffle_choices"), "review_answers"]}),
    ]
    inlines = [QuizItemInline, QuizRuleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_items=Count("items"))

    @admin.display(description="questions", ordering="n_items")
    def item_count(self, obj) -> int:
        return obj.n_items


@admin.register(Accommodation)
class AccommodationAdmin(admin.ModelAdmin):
    """Extra time for a candidate on timed quizzes, set by staff."""

    list_display = ["user", "extra_time_percent", "note"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
