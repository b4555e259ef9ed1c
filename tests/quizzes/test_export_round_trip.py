"""Export → import on an empty database gives back equal questions, for every format, on what it carries."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import Question, QuestionVersion, Quiz

FILES = Path(__file__).parent / "files"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "questions"


def snapshot(*, everything: bool = True) -> dict:
    """What each question carries, by key (or by its text for formats without keys)."""
    result = {}
    for q in Question.objects.prefetch_related("choices__concept").select_related("competency"):
        choices = [
            (
                c.text,
                c.is_correct,
                str(c.weight.normalize()),
                c.feedback,
                c.concept.slug if c.concept else None,
            )
            for c in q.choices.all()
        ]
        if everything:
            result[q.key] = (
                q.title,
                q.competency.slug,
                q.kind,
                q.difficulty,
                q.contrast,
                q.status,
                q.scenario,
                q.stem,
                q.explanation,
                choices,
            )
        else:  # Aiken: the question text and which option is right
            result[(q.scenario, q.stem)] = [(text, correct) for text, correct, *_ in choices]
    return result


@pytest.fixture
def bank(taxonomy):
    """The shipped bank and the Moodle file: single-answer, true/false and weighted questions, drafts."""
    out = StringIO()
    call_command("import_questions", *map(str, sorted(FIXTURES.glob("*.json"))), stdout=out)
    call_command(
        "import_questions", str(FILES / "moodle_peer_support.gift"), "--format", "gift", "--skip-unsupported",
        stdout=out,
    )  # fmt: skip
    Question.objects.filter(key__startswith="ps-00").update(status="retired")
    assert set(Question.objects.values_list("kind", flat=True)) == {"single", "truefalse", "multiple"}
    return Question.objects.count()


def export(*args: str) -> str:
    out = StringIO()
    call_command("export_questions", *args, stdout=out)
    return out.getvalue()


def reimport(tmp_path: Path, text: str, *args: str) -> None:
    # An empty bank: the versions frozen when the import published the questions go too.
    QuestionVersion.objects.all().delete()
    Question.objects.all().delete()
    path = tmp_path / "export"
    path.write_text(text)
    call_command("import_questions", str(path), *args, stdout=StringIO())


@pytest.mark.parametrize("format", ["gift", "csv", "json"])
def test_a_round_trip_gives_back_every_field(bank, tmp_path, format):
    before = snapshot()
    reimport(tmp_path, export("--format", format), "--format", format)
    after = snapshot()
    assert len(after) == bank
    for key, fields in before.items():
        assert after[key] == fields, key


def test_an_aiken_round_trip_keeps_text_options_and_the_right_letter(bank, tmp_path):
    multiple = set(Question.objects.filter(kind="multiple").values_list("scenario", "stem"))
    before = {text: fields for text, fields in snapshot(everything=False).items() if text not in multiple}
    reimport(tmp_path, export("--format", "aiken"), "--format", "aiken", "--competency", "peer-support")
    assert snapshot(everything=False) == before
    assert Question.objects.count() == bank - len(multiple)  # multiple-response questions cannot be written


def test_exporting_a_quiz_keeps_its_order_and_a_competency_filters(bank, tmp_path):
    call_command("import_questions", str(FILES / "change_agent.aiken.txt"), "--format", "aiken",
                 "--competency", "change-agent", "--quiz", "board-meeting", stdout=StringIO())  # fmt: skip
    text = export("--format", "csv", "--quiz", "board-meeting")
    assert text.count("\n") == 3 and text.index("county mental-health board") < text.index("NOT one of")
    only = export("--format", "json", "--competency", "change-agent")
    assert '"competency": "peer-support"' not in only and '"competency": "change-agent"' in only
    out = tmp_path / "out.gift"
    export("--format", "gift", "--quiz", "board-meeting", "-o", str(out))
    assert out.read_text().count("// cpsprep ") == 2
    assert Quiz.objects.get(slug="board-meeting").items.count() == 2


def test_export_refuses_unknown_quiz_or_competency(db):
    with pytest.raises(CommandError, match="unknown quiz 'nope'"):
        export("--quiz", "nope")
    with pytest.raises(CommandError, match="unknown competency 'nope'"):
        export("--competency", "nope")


@pytest.fixture
def awkward(taxonomy):
    """Questions whose text trips naive writers: GIFT's special characters, a text starting with '[',
    a true/false question with its choices the other way round, line breaks, quotes and commas."""
    from quizzes.models import Choice

    def make(key, kind, choices, **fields):
        q = Question.objects.create(
            key=key, title=fields.pop("title", key), competency=taxonomy["peer-support"], kind=kind,
            status="published", stem=fields.pop("stem", "Who decides?"), **fields,
        )  # fmt: skip
        Choice.objects.bulk_create(
            Choice(question=q, position=i, text=t, is_correct=w > 0, weight=w, feedback=f)
            for i, (t, w, f) in enumerate(choices)
        )

    make(
        "aw-1",
        "single",
        [("[A] The person", 100, "Right {so}: #1"), ("The team = boss ~ always", 0, "")],
        title="Plan: {A} // or \\B",
        stem='[Note] Who decides what "plan A" means?',
        scenario="Line one, with a comma.\nLine two; with a semicolon.",
        explanation="\\n is not a break",
    )
    make(
        "aw-2",
        "truefalse",
        [("False", 0, "No."), ("True", 100, "Yes.")],
        stem="[True or false] Hope can be shared.",
    )
    make("aw-3", "multiple", [("a", Decimal("33.33333"), ""), ("b", Decimal("33.33333"), ""),
                              ("c", Decimal("33.33334"), ""), ("d", -100, "never")])  # fmt: skip
    return snapshot()


@pytest.mark.parametrize("format", ["gift", "csv", "json"])
def test_awkward_text_survives_a_round_trip(awkward, tmp_path, format):
    reimport(tmp_path, export("--format", format), "--format", format)
    assert snapshot() == awkward
