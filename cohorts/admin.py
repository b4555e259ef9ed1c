from django import forms
from django.contrib import admin

from cohorts.models import Assignment, Cohort, Membership, ResultsImport


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
