"""CSV of cohort scores, shared by the page and the command, and the CSV writing every download uses."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

from cohorts.dashboard import Dashboard
from quizzes.formats import spreadsheet


def _blank(value) -> object:
    return "" if value is None else value


def _local_minute(moment) -> str:
    """A time as spreadsheets read it: 'YYYY-MM-DD HH:MM' in the site's time zone (settings.TIME_ZONE)."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def scores_rows(dashboard: Dashboard) -> list[list]:
    header = ["candidate", "email", "attempts", "best_percent", "latest_percent", "last_active"]
    header += [f"{c.slug}_percent" for c in dashboard.competencies]
    header += ["at_risk"]
    rows: list[list] = [header]
    for row in dashboard.rows:
        rows.append(
            [
                row.user.username,
                row.user.email,
                row.attempts,
                _blank(row.best),
                _blank(row.latest),
                _local_minute(row.last_active),
                *[_blank(cell.percent) for cell in row.cells],
                "; ".join(row.risks),
            ]
        )
    return rows


def to_csv(rows: Iterable[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([spreadsheet.to_cell(v) for v in row])
    return out.getvalue()


def csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
