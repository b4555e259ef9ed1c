import factory

from competencies.models import Competency, Framework


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ["slug"]

    slug = "massachusetts-cps"
    name = "Massachusetts Certified Peer Specialist"


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency
        django_get_or_create = ["framework", "slug"]

    framework = factory.SubFactory(FrameworkFactory)
    slug = factory.Sequence(lambda n: f"competency-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    kind = Competency.Kind.CORE
    position = factory.Sequence(lambda n: n)
    description = factory.LazyAttribute(lambda o: f"What {o.name.lower()} means in peer work.")
    why_not_core = factory.LazyAttribute(
        lambda o: "" if o.kind == Competency.Kind.CORE else f"{o.name} is useful but not a core competency."
    )
