"""A blank tracker workbook for clients, made so that it loads back exactly.

Sheet "Applications": one header row whose every header the loader maps by synonym
(:func:`jobsearch_analytics.io.columns.match_header`), dropdowns (data validation lists kept
on the sheet "Lists") for status, source, referral, follow-up and thank-you channels,
date-formatted date columns, a frozen header and one example row (row 2). Sheet "Instructions"
says how to fill it in.

The example row is a complete, clean application: the blank template loads with one
application and no report entries. Its company, :data:`~jobsearch_analytics.report.client.
EXAMPLE_COMPANY`, says to overwrite it, and a report warns while it is still there.

Examples
--------
>>> [h for h, *_ in TEMPLATE_COLUMNS][:4]
['Company', 'Job Title', 'Location', 'Source']
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable
from pathlib import Path

from jobsearch_analytics.report.client import EXAMPLE_COMPANY

__all__ = [
    "CHANNELS_FOLLOW_UP",
    "CHANNELS_THANK_YOU",
    "EXAMPLE_ROW",
    "SOURCES",
    "STATUSES",
    "TEMPLATE_COLUMNS",
    "write_template",
]

_PathLike = str | os.PathLike[str]

#: Dropdown values; each is a word the loader reads exactly.
STATUSES: tuple[str, ...] = (
    "Saved",
    "Applied",
    "Phone screen",
    "Interview",
    "Offer",
    "Accepted",
    "Offer declined",
    "Rejected",
    "Withdrawn",
    "Ghosted",
)
SOURCES: tuple[str, ...] = (
    "LinkedIn",
    "Indeed",
    "Company website",
    "Referral",
    "Recruiter",
    "Glassdoor",
    "Job fair",
    "Other",
)
CHANNELS_THANK_YOU: tuple[str, ...] = ("Email", "Mail", "In person", "LinkedIn")
CHANNELS_FOLLOW_UP: tuple[str, ...] = ("Email", "Phone", "Voicemail", "LinkedIn", "In person")
_YES_NO: tuple[str, ...] = ("Yes", "No")

#: (header, canonical field, kind, dropdown values, what to write). ``kind`` is ``'text'``,
#: ``'date'``, ``'money'`` or ``'list'``.
TEMPLATE_COLUMNS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("Company", "company", "text", (), "The employer."),
    ("Job Title", "role", "text", (), "As in the posting."),
    ("Location", "location", "text", (), "City, or Remote / Hybrid."),
    ("Source", "source", "list", SOURCES, "Where you found the job."),
    ("Referral", "referral", "list", _YES_NO, "Yes when someone referred you."),
    ("Contact Name", "contact_name", "text", (), "Recruiter or referrer."),
    ("Contact Email", "contact_email", "text", (), ""),
    ("Contact Phone", "contact_phone", "text", (), "Type it as text, e.g. +1 312 555 0107."),
    ("Job URL", "url", "text", (), "Link to the posting."),
    (
        "Salary Range",
        "salary",
        "text",
        (),
        "As posted, with currency and period: USD 80,000-100,000 per year, GBP 45,000, "
        "USD 30-40 per hour.",
    ),
    ("Date Applied", "date_applied", "date", (), "The day you sent it (leave empty if saved)."),
    ("Status", "status", "list", STATUSES, "Where it stands now."),
    ("Response Date", "response_date", "date", (), "First reply of any kind."),
    ("Phone Screen Date", "screen_date", "date", (), "The first call."),
    ("Interview 1 Date", "interview_date", "date", (), ""),
    ("Interview 2 Date", "interview_date", "date", (), ""),
    ("Thank-You Note", "thank_you", "date", (), "The day you sent a thank-you note."),
    ("Thank-You Via", "thank_you_channel", "list", CHANNELS_THANK_YOU, ""),
    ("Follow-Up Date", "follow_up", "date", (), "The day you followed up."),
    ("Follow-Up Via", "follow_up_channel", "list", CHANNELS_FOLLOW_UP, ""),
    ("Offer Amount", "offer_initial", "money", (), "Annual figure of the first offer."),
    ("Rejection Date", "rejection_date", "date", (), ""),
    ("Feedback Requested", "feedback_requested", "date", (), "The day you asked for feedback."),
    (
        "Skill Gaps",
        "skill_gaps",
        "text",
        (),
        "Skills they asked for that you lack, comma-separated.",
    ),
    ("Notes", "notes", "text", (), "Anything else."),
)

#: The example row (row 2), by header.
EXAMPLE_ROW: dict[str, object] = {
    "Company": EXAMPLE_COMPANY,
    "Job Title": "Data Analyst",
    "Location": "Remote",
    "Source": "LinkedIn",
    "Referral": "No",
    "Date Applied": dt.datetime(2024, 3, 4),
    "Salary Range": "USD 70,000-85,000 per year",
    "Status": "Interview",
    "Response Date": dt.datetime(2024, 3, 8),
    "Interview 1 Date": dt.datetime(2024, 3, 14),
    "Thank-You Note": dt.datetime(2024, 3, 14),
    "Thank-You Via": "Email",
    "Notes": "Example: overwrite this row with your first application.",
}

_INSTRUCTIONS = (
    "How to use this tracker",
    "",
    "One row per job on the sheet 'Applications'. Row 2 is an example: overwrite it.",
    "Pick Status, Source, Referral and the 'Via' columns from their dropdowns.",
    "Type dates as dates (2024-03-14, or your usual date format); leave a cell empty when it "
    "did not happen.",
    "Keep the header row as it is: the analysis finds the columns by these names.",
    "Add rows below; do not leave blank rows between applications.",
    "Add your own columns at the right if you like: they are kept as they are.",
    "",
    "Column / what to write",
)


def write_template(path: _PathLike, *, inputs: Iterable[_PathLike] = ()) -> Path:
    """Write the blank tracker workbook (see the module notes) atomically.

    Parameters
    ----------
    path : path-like
        The workbook to write (``.xlsx``).
    inputs : iterable of path-like
        Files it must never overwrite.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = write_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> wb = openpyxl.load_workbook(p)
    >>> wb.sheetnames, wb["Applications"]["A2"].value == EXAMPLE_COMPANY
    (['Applications', 'Instructions', 'Lists'], True)
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    from jobsearch_analytics.io.writers import atomic_write_bytes
    from jobsearch_analytics.report.export import XLSX_AUTHOR

    wb = Workbook()
    ws = wb.active
    ws.title = "Applications"
    lists = wb.create_sheet("Lists")
    help_ws = wb.create_sheet("Instructions", 1)
    head_font = Font(bold=True, color="FFFFFFFF")
    head_fill = PatternFill("solid", start_color="FF0072B2")
    example_font = Font(italic=True, color="FF5B6670")
    last_row = 1000

    list_cols: dict[tuple[str, ...], str] = {}
    for j, (header, _field, kind, values, _help) in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(j)
        c = ws.cell(1, j, header)
        c.font = head_font
        c.fill = head_fill
        c.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[letter].width = max(12, min(34, len(header) + 6))
        if kind == "list":
            if values not in list_cols:
                col = get_column_letter(len(list_cols) + 1)
                lists.cell(1, len(list_cols) + 1, header)
                for i, v in enumerate(values, start=2):
                    lists.cell(i, len(list_cols) + 1, v)
                list_cols[values] = f"{quote_sheetname('Lists')}!${col}$2:${col}${len(values) + 1}"
            dv = DataValidation(
                type="list",
                formula1=list_cols[values],
                allow_blank=True,
                showErrorMessage=False,  # a value typed by hand is still read, and reported
            )
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dv)
        elif kind == "date":
            for i in range(2, last_row + 1):
                ws.cell(i, j).number_format = "yyyy-mm-dd"
        elif kind == "money":
            for i in range(2, last_row + 1):
                ws.cell(i, j).number_format = "#,##0"
        else:
            for i in range(2, last_row + 1):
                ws.cell(i, j).number_format = "@"
    for j, (header, *_rest) in enumerate(TEMPLATE_COLUMNS, start=1):
        if header in EXAMPLE_ROW:
            c = ws.cell(2, j, EXAMPLE_ROW[header])
            c.font = example_font
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 30

    for i, line in enumerate(_INSTRUCTIONS, start=1):
        help_ws.cell(i, 1, line).font = Font(
            bold=i in (1, len(_INSTRUCTIONS)), size=13 if i == 1 else 11
        )
    start = len(_INSTRUCTIONS) + 1
    for i, (header, _field, _kind, values, text) in enumerate(TEMPLATE_COLUMNS, start=start):
        extra = f" Pick from: {', '.join(values)}." if values else ""
        help_ws.cell(i, 1, f"{header}: {text}{extra}".strip())
    help_ws.column_dimensions["A"].width = 110
    lists.sheet_state = "visible"
    wb.properties.creator = XLSX_AUTHOR
    wb.properties.lastModifiedBy = XLSX_AUTHOR
    wb.properties.title = "Job application tracker"
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write_bytes(buf.getvalue(), path, inputs=inputs)
