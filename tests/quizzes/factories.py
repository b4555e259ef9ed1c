import factory
from django.contrib.auth import get_user_model

from quizzes.models import Choice, Question, Quiz, QuizItem
from tests.competencies.factories import CompetencyFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A published question. `choices=[(is_correct, concept), ...]`; by default four, the first correct."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"q-{n:04d}")
    title = factory.Sequence(lambda n: f"Question {n}")
    competency = factory.SubFactory(CompetencyFactory)
    difficulty = "medium"
    status = Question.Status.PUBLISHED
    scenario = factory.Sequence(
        lambda n: f"Scenario number {n}: a person asks their peer specialist for help."
    )
    stem = "What should the peer specialist do?"
    explanation = "The best answer keeps the relationship mutual and the person in charge of their choices."

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if not create:
            return
        spec = extracted or [(True, self.competency), (False, None), (False, None), (False, None)]
        Choice.objects.bulk_create(
            [
                Choice(
                    question=self,
                    position=position,
                    text=f"Option {'ABCDEFGH'[position]} for {self.key}",
                    is_correct=correct,
                    feedback="This is the best answer." if correct else "This misses the peer role.",
                    concept=concept,
                )
                for position, (correct, concept) in enumerate(spec)
            ]
        )


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Practice quiz {n}")
    slug = factory.Sequence(lambda n: f"practice-quiz-{n}")
    description = "A short practice quiz."
    is_published = True
    pass_mark = 70

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        QuizItem.objects.bulk_create(
            [QuizItem(quiz=self, question=q, position=i) for i, q in enumerate(extracted, start=1)]
        )
