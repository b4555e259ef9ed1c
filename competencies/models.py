from django.db import models
from django.db.models import Q


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> "Framework":
        return self.get(slug=slug)


class Framework(models.Model):
    """A competency taxonomy, such as the Massachusetts CPS framework. Other states' frameworks are data."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = FrameworkManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class CompetencyQuerySet(models.QuerySet):
    def core(self) -> "CompetencyQuerySet":
        return self.filter(kind=Competency.Kind.CORE)

    def distractors(self) -> "CompetencyQuerySet":
        return self.filter(kind=Competency.Kind.DISTRACTOR)

    def get_by_natural_key(self, framework_slug: str, slug: str) -> "Competency":
        return self.get(framework__slug=framework_slug, slug=slug)


class Competency(models.Model):
    """A core competency of a framework, or a distractor concept candidates confuse with one."""

    class Kind(models.TextChoices):
        CORE = "core", "Core competency"
        DISTRACTOR = "distractor", "Distractor (not a core competency)"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="competencies")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CORE)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists and reports.")
    description = models.TextField(help_text="Plain-language description a candidate can read.")
    why_not_core = models.TextField(
        blank=True,
        help_text="For a distractor: why it is not a core competency. Shown to candidates who confuse it.",
    )

    objects = CompetencyQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "position", "name"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "slug"], name="competency_unique_slug_per_framework"
            ),
            models.CheckConstraint(
                condition=Q(kind="core") | ~Q(why_not_core=""),
                name="competency_distractor_explains_why_not_core",
                violation_error_message="A distractor needs a 'why not core' explanation for candidates.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.framework.slug, self.slug)

    natural_key.dependencies = ["competencies.framework"]

    @property
    def is_core(self) -> bool:
        return self.kind == self.Kind.CORE
