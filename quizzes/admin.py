from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from quizzes import admin_views, bank, lint, versions
from quizzes.admin_forms import ChoiceAdminForm, ChoiceInlineFormSet, QuestionAdminForm
from quizzes.admin_privacy import CountsOnlyDeletionMixin
from quizzes.models import (
    Accommodation,
    AttemptSlot,
    Choice,
    Question,
    QuestionVersion,
    Quiz,
    QuizItem,
    QuizRule,
    VersionChoice,
)


def _is_personal() -> Q:
    """A study session's quiz: one candidate's review session or weak-area drill, titled by their weak
    areas. Hidden from every admin list, filter, search and autocomplete but the superuser's."""
    return Q(study_session__isnull=False)


class PublicQuizFilter(admin.RelatedFieldListFilter):
    """Filter by quiz without listing candidates' personal quizzes among the choices."""

    def field_choices(self, field, request, model_admin):
        quizzes = Quiz.objects.exclude(_is_personal()).order_by("title")
        return [(quiz.pk, str(quiz)) for quiz in quizzes]


class LintFilter(admin.SimpleListFilter):
    """Questions by the bank linter's stored findings (quizzes/lint.py, docs/content-guide.md)."""

    title = "linter finding"
    parameter_name = "lint"

    def lookups(self, request, model_admin):
        return [("any", "Any finding"), ("none", "No finding"), *lint.CHECKS.items()]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.exclude(lint_checks="")
        if value == "none":
            return queryset.filter(lint_checks="")
        if value in lint.CHECKS:
            return queryset.filter(lint_checks__contains=f" {value} ")
        return queryset


class ChoiceInline(admin.TabularInline):
    model = Choice
    form = ChoiceAdminForm
    formset = ChoiceInlineFormSet
    extra = 0
    min_num = 2
    fields = ["position", "text", "is_correct", "weight", "feedback", "concept"]
    autocomplete_fields = ["concept"]


def _export_action(format: str, label: str):
    def export(modeladmin, request, queryset):
        result = bank.questions_export(format=format, questions=list(queryset))
        if result.left_out:
            modeladmin.message_user(
                request,
                f"Not exported (Aiken carries single-answer questions only): {', '.join(result.left_out)}",
                messages.WARNING,
            )
        content_type = {"csv": "text/csv", "json": "application/json"}.get(format, "text/plain")
        response = HttpResponse(result.text, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        return response

    export.__name__ = f"export_{format}"
    return admin.action(description=f"Export selected as {label}", permissions=["view"])(export)


@admin.register(Question)
class QuestionAdmin(CountsOnlyDeletionMixin, admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = [
        "key",
        "title",
        "competency",
        "kind",
        "difficulty",
        "contrast",
        "status",
        "lint_summary",
        "updated_at",
    ]
    # study adds a filter by problem reports (study/admin.py): quizzes knows nothing of them
    list_filter = [
        "status",
        "competency",
        "difficulty",
        "kind",
        "contrast",
        ("quizzes", PublicQuizFilter),
        LintFilter,
    ]
    search_fields = ["key", "title", "scenario", "stem", "choices__text"]
    list_select_related = ["competency"]
    autocomplete_fields = ["competency"]
    readonly_fields = ["preview_link", "version_history", "lint_report"]
    fieldsets = [
        (None, {"fields": [("key", "status"), "title", ("competency", "difficulty", "contrast"), "kind"]}),
        ("What the candidate reads", {"fields": ["scenario", "stem"]}),
        ("After answering", {"fields": ["explanation"]}),
        ("Linter", {"fields": ["lint_report"]}),
        ("Preview and history", {"fields": ["preview_link", "version_history"]}),
    ]
    inlines = [ChoiceInline]
    actions = [
        "publish",
        "retire",
        "duplicate",
        _export_action("gift", "GIFT"),
        _export_action("aiken", "Aiken"),
        _export_action("csv", "CSV"),
        _export_action("json", "JSON"),
    ]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:pk>/preview/",
                wrap(lambda request, pk: admin_views.question_preview(request, self, pk)),
                name="quizzes_question_preview",
            ),
            path(
                "import/",
                wrap(lambda request: admin_views.question_import(request, self)),
                name="quizzes_question_import",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="preview")
    def preview_link(self, obj) -> str:
        if not obj.pk:
            return "Save the question to preview it."
        url = reverse("admin:quizzes_question_preview", args=[obj.pk])
        return format_html('<a href="{}">Preview as a candidate sees it</a>', url)

    @admin.display(description="versions")
    def version_history(self, obj) -> str:
        if not obj.pk:
            return "-"
        count = obj.versions.count()
        if not count:
            return "No version yet: one is frozen when the question is published, and after each change."
        url = reverse("admin:quizzes_questionversion_changelist") + f"?question__id__exact={obj.pk}"
        return format_html('<a href="{}">{} version(s), with the attempts that showed each</a>', url, count)

    @admin.display(description="linter")
    def lint_summary(self, obj) -> str:
        """From the stored findings: no query per row."""
        if not obj.lint_findings:
            return "-"
        flaws = sum(1 for f in obj.lint_findings if f.get("level") == "flaw")
        checks = sorted({f["check"] for f in obj.lint_findings})
        counts = f"{flaws} flaw(s), {len(obj.lint_findings) - flaws} warning(s)"
        return format_html('{}<br><span class="small">{}</span>', counts, ", ".join(checks))

    @admin.display(description="findings")
    def lint_report(self, obj) -> str:
        if not obj.pk:
            return "Save the question to lint it."
        if not obj.lint_findings:
            return "No finding. (What the linter checks: docs/content-guide.md.)"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({}): {}</li>",
                (
                    (lint.CHECKS.get(f["check"], f["check"]), f.get("level", ""), f["message"])
                    for f in obj.lint_findings
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "warnings", []):
            self.message_user(request, warning, messages.WARNING)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The choices are written now: freeze the published question's new content in this same transaction.
        versions.questions_freeze(question_ids=[form.instance.pk])
        # Lint once the choices are saved too, so the trainer sees a flaw now rather than after a cohort
        # has sat the question.
        findings = bank.questions_lint(keys=[form.instance.key]).get(form.instance.key, [])
        for finding in findings:
            level = messages.WARNING if finding.level == "flaw" else messages.INFO
            self.message_user(request, f"Linter: {finding.message}.", level)

    @admin.action(description="Publish selected questions", permissions=["change"])
    def publish(self, request, queryset):
        count, problems = bank.questions_set_status(
            questions=list(queryset), status=Question.Status.PUBLISHED
        )
        self.message_user(request, f"{count} question(s) published.", messages.SUCCESS)
        for problem in problems:
            self.message_user(request, f"Not published: {problem}", messages.ERROR)

    @admin.action(description="Retire selected questions", permissions=["change"])
    def retire(self, request, queryset):
        count, _ = bank.questions_set_status(questions=list(queryset), status=Question.Status.RETIRED)
        self.message_user(request, f"{count} question(s) retired.", messages.SUCCESS)

    @admin.action(description="Duplicate selected questions (as drafts)", permissions=["add"])
    def duplicate(self, request, queryset):
        copies = bank.questions_duplicate(questions=list(queryset))
        self.message_user(
            request,
            f"{len(copies)} draft copy(ies) made: {', '.join(q.key for q in copies)}.",
            messages.SUCCESS,
        )

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


class VersionChoiceInline(admin.TabularInline):
    model = VersionChoice
    extra = 0
    can_delete = False
    fields = ["position", "text", "is_correct", "weight", "feedback", "concept"]
    readonly_fields = fields


ATTEMPTS_LISTED = 50


@admin.register(QuestionVersion)
class QuestionVersionAdmin(admin.ModelAdmin):
    """Frozen history: readable, never editable."""

    list_display = ["question", "number", "kind", "created_at", "attempts_shown"]
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
        "kind",
        "scenario",
        "stem",
        "explanation",
        "created_at",
        "attempts",
    ]
    inlines = [VersionChoiceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question").annotate(shown=Count("slots"))

    @admin.display(description="times shown", ordering="shown")
    def attempts_shown(self, obj) -> int:
        return obj.shown

    @admin.display(description="attempts that showed this version")
    def attempt_totals(self, obj) -> str:
        """What trainers and instructors see instead of `attempts`: totals, no names. They work on the
        question, not on a person; who answered what belongs to each class's own pages, limited to what its
        members share (cohorts.selectors.cohort_member_attempts)."""
        totals = AttemptSlot.objects.filter(version=obj).aggregate(
            shown=Count("pk"),
            right=Count("pk", filter=Q(is_correct=True)),
            wrong=Count("pk", filter=Q(is_correct=False)),
        )
        return format_html(
            "Shown {} times: {} answered right, {} wrong (the rest not yet marked). Who answered is not "
            "shown here.",
            totals["shown"],
            totals["right"],
            totals["wrong"],
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return [("attempt_totals" if name == "attempts" else name) for name in fields]

    @admin.display(description="attempts that showed this version (superusers only)")
    def attempts(self, obj) -> str:
        slots = (
            AttemptSlot.objects.filter(version=obj)
            .select_related("attempt__user", "attempt__quiz")
            .order_by("-attempt__started_at")[:ATTEMPTS_LISTED]
        )
        rows = [
            (
                s.attempt.started_at.strftime("%Y-%m-%d %H:%M"),
                s.attempt.user.get_username(),
                s.attempt.quiz.title,
                s.attempt.get_status_display(),
                "right" if s.is_correct else ("wrong" if s.is_correct is False else "-"),
            )
            for s in slots
        ]
        if not rows:
            return "None."
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            '<table><caption>Latest {} attempts</caption><thead><tr><th scope="col">started</th>'
            '<th scope="col">candidate</th><th scope="col">quiz</th><th scope="col">status</th>'
            '<th scope="col">answer</th></tr></thead><tbody>{}</tbody></table>',
            len(rows),
            body,
        )

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
class QuizAdmin(CountsOnlyDeletionMixin, admin.ModelAdmin):
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
    readonly_fields = ["preview_link"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [*fieldsets, ("Preview", {"fields": ["preview_link"]})] if obj else fieldsets

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:pk>/preview/",
                wrap(lambda request, pk: admin_views.quiz_preview(request, self, pk)),
                name="quizzes_quiz_preview",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="preview")
    def preview_link(self, obj) -> str:
        url = reverse("admin:quizzes_quiz_preview", args=[obj.pk])
        return format_html('<a href="{}">Preview the whole quiz as a candidate sees it</a>', url)

    def get_queryset(self, request):
        quizzes = super().get_queryset(request).annotate(n_items=Count("items"))
        if not request.user.is_superuser:
            return quizzes.exclude(_is_personal())
        return quizzes.select_related("study_session")

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return [*shown, "personal"] if request.user.is_superuser else shown

    @admin.display(description="questions", ordering="n_items")
    def item_count(self, obj) -> int:
        return obj.n_items

    @admin.display(description="personal")
    def personal(self, obj) -> str:
        session = getattr(obj, "study_session", None)  # a missing one-to-one raises an AttributeError
        return f"personal ({session.get_kind_display().lower()})" if session else ""


@admin.register(Accommodation)
class AccommodationAdmin(admin.ModelAdmin):
    """Extra time for a candidate on timed quizzes, set by staff."""

    list_display = ["user", "extra_time_percent", "note"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
