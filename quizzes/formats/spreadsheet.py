"""The one rule for text written to a CSV that people open in a spreadsheet (OWASP "CSV injection").

A cell starting with =, +, -, @, a tab or a carriage return can be run as a formula by Excel, LibreOffice
or Google Sheets (=HYPERLINK(...) sends data away when clicked). Such text is written with a leading
apostrophe, which spreadsheets show as text; a plain number such as -25 is left alone, since it is one.
Importers of our own CSV files take the apostrophe off again (`from_cell`), so a round trip is exact.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)%?")


def to_cell(value):
    """`value` as it may be written to a spreadsheet cell: unsafe text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def from_cell(text: str) -> str:
    """Undo `to_cell` on text read back from one of our CSV files."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text[1:]):
        return text[1:]
    return text
