"""An upload's skipped records in a partner's words: where in the file, which column, what's wrong, how to fix.

The importer's reasons are terse ("missing", "expected a number, got 'lots'"): right for a CSV report a
developer opens, not for a program coordinator. Each becomes a row with a suggested fix; the reason
itself is kept, so nothing the importer said is lost.
"""

import re
from dataclasses import dataclass

from api.web.i18n import N_, gettext
from etl.errors import plain_cell

# (pattern on the reason, how to fix); the first that matches wins. {column} is the column's name.
FIXES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), fix)
    for pattern, fix in (
        (r"^missing", N_("Fill in {column}; it cannot be empty.")),
        (r"expected a number", N_("Write a plain number without $ signs, commas or words, e.g. 1500 or 12.5.")),
        (r"negative", N_("Use 0 or a larger number.")),
        (
            r"row has \d+ fields",
            N_("Check the row for a missing or extra comma; put quotes around values with commas."),
        ),
        (r"invalid json", N_("Fix the JSON at that line (a missing comma, quote or bracket is the usual cause).")),
        (r"expected .+ found", N_("Give this record the type the format expects, or choose another format.")),
        (
            r"appears again",
            N_("Give each program its own id. The later copy was imported; remove or renumber the other."),
        ),
        (r"date", N_("Write the date as YYYY-MM-DD, e.g. 2026-09-01.")),
        (r"url|web address|http", N_("Give a full web address starting with https://.")),
        (r"cip", N_("Give a CIP 2020 code such as 51.3902.")),
        (r"soc", N_("Give SOC codes such as 31-1131, separated by semicolons.")),
        (r"too long|at most", N_("Shorten the value.")),
    )
)
DEFAULT_FIX = N_("Correct the value and upload the file again; the rows already imported are updated, not doubled.")


@dataclass(frozen=True)
class ProblemRow:
    where: str
    column: str
    problem: str
    fix: str


def where(location: str) -> str:
    """'line 5' -> 'Line 5'; '@graph[3]' -> 'Record 4 (@graph[3])' (people count from 1)."""
    line = re.fullmatch(r"line (\d+)", location)
    if line:
        return gettext("Line %(line)s") % {"line": line.group(1)}
    index = re.search(r"\[(\d+)\]$", location)
    if index:
        return gettext("Record %(number)s (%(location)s)") % {"number": int(index.group(1)) + 1, "location": location}
    record = re.fullmatch(r"record (\d+)", location)
    return gettext("Record %(number)s") % {"number": record.group(1)} if record else location.capitalize()


def explain(location: str, field: str, reason: str, *, format: str) -> ProblemRow:
    # Read back from the CSV report, where a cell that could start a formula carries a leading apostrophe.
    location, field, reason = (plain_cell(cell) for cell in (location, field, reason))
    # The CSV formats publish their columns in capitals (ETPL, Scorecard): name them as the file does.
    column = field.upper() if format in ("etpl", "scorecard") and not field.startswith("(") else field
    fix = next((f for pattern, f in FIXES if pattern.search(reason)), DEFAULT_FIX)
    # The importer's own reason is kept as it said it (the fix beside it is in the page's language).
    problem = reason[:1].upper() + reason[1:] if reason else gettext("Not readable")
    return ProblemRow(where=where(location), column=column, problem=problem, fix=gettext(fix).format(column=column))
