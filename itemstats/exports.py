"""Item analysis as a CSV download and as the JSON of `item_stats --format json`. Pure."""

from __future__ import annotations

QUESTION_KEYS = (
    "position",
    "question_id",
    "title",
    "facility",
    "sd",
    "discrimination_index",
    "discriminative_efficiency",
)
QUIZ_KEYS = (
    "quiz",
    "attempts",
    "mean",
    "median",
    "sd",
    "skewness",
    "kurtosis",
    "cic",
    "error_ratio",
    "standard_error",
)


PUBLIC_CHOICE_KEYS = (
    "label",
    "text",
    "correct",
    "count",
    "share",
    "top_share",
    "bottom_share",
    "discrimination",
)


def _public_choices(choices: list[dict]) -> list[dict]:
    return [{key: c[key] for key in PUBLIC_CHOICE_KEYS} for c in choices]


def public_shape(report: dict) -> dict:
    """The report in the documented JSON shape of `item_stats --format json`.

    `flags` lists the question's flags ("too easy", "possible mis-key: B", …). `choices` are those of the
    latest version the attempts saw, each with its share of responses, its shares of the top and bottom 27 %
    and its discrimination (point-biserial with the rest score, in %); a question whose attempts saw more
    than one version also has `versions`: [{"version", "responses", "choices"}] in version order.
    """
    out = {key: report[key] for key in QUIZ_KEYS}
    out["questions"] = []
    for q in report["questions"]:
        question = {
            **{key: q[key] for key in QUESTION_KEYS},
            "flags": q["flags"],
            "choices": _public_choices(q["choices"]),
        }
        if len(q["versions"]) > 1:
            question["versions"] = [
                {
                    "version": v["number"],
                    "responses": v["responses"],
                    "choices": _public_choices(v["choices"]),
                }
                for v in q["versions"]
            ]
        out["questions"].append(question)
    return out


CSV_HEADER = [
    "position",
    "question_id",
    "title",
    "responses",
    "facility",
    "sd",
    "discrimination_index",
    "discriminative_efficiency",
    "flags",
    "version",
    "choice",
    "choice_text",
    "correct",
    "count",
    "top_27",
    "bottom_27",
    "concept",
    "share",
    "top_27_share",
    "bottom_27_share",
    "discrimination",
    "possible_mis_key",
]


def _blank(value: float | None) -> object:
    return "" if value is None else value


def csv_rows(report: dict) -> list[list]:
    """One row per choice of each version of each question the attempts saw (question columns repeated),
    then a row for blanks in that version."""
    rows: list[list] = []
    for q in report["questions"]:
        head = [
            q["position"],
            q["question_id"],
            q["title"],
            q["responses"],
            q["facility"],
            q["sd"],
            q["discrimination_index"],
            q["discriminative_efficiency"],
            "; ".join(q["flags"]),
        ]
        for v in q["versions"]:
            number = "" if v["number"] is None else v["number"]
            for c in v["choices"]:
                rows.append(
                    [
                        *head,
                        number,
                        c["label"],
                        c["text"],
                        "yes" if c["correct"] else "no",
                        c["count"],
                        c["top"],
                        c["bottom"],
                        c["concept"] or "",
                        _blank(c["share"]),
                        _blank(c["top_share"]),
                        _blank(c["bottom_share"]),
                        _blank(c["discrimination"]),
                        "yes" if c["label"] in v["mis_keyed"] else "",
                    ]
                )
            blank = v["unanswered"]
            blank_row = [number, "", "(no answer)", "", blank["count"], blank["top"], blank["bottom"], ""]
            rows.append([*head, *blank_row, *[""] * 5])
    return rows


def item_analysis_rows(report: dict) -> list[list]:
    return [CSV_HEADER, *csv_rows(report)]
