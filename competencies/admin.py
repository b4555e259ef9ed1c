from django.contrib import admin

from competencies.models import Competency, Framework


class CompetencyInline(admin.StackedInline):
    model = Competency
    extra = 0
    fields = [("name", "slug", "kind", "position"), "description", "why_not_core"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CompetencyInline]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "framework", "position"]
    list_filter = ["framework", "kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["framework", ("name", "slug"), ("kind", "position")]}),
        ("What candidates read", {"fields": ["description", "why_not_core"]}),
    ]
