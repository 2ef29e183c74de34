"""Write the export fixtures: one file (or folder) per registered format, to each tool's exact
header names, column order quirks, date conventions and file conventions.

Run ``python tests/data/exports/make_exports.py`` to rewrite the committed copies next to this
script; ``tests/io/test_formats.py`` checks that they equal what :func:`write_exports` makes.

What is planted (the tests compare against these facts, not against the loader's output):

* LinkedIn ``Job Applications.csv``: rows not in date order; ``11/05/24, 09:15 AM`` would be
  ambiguous without the format (it is 5 November); salary answers ``120000EUR`` (yearly by
  size), ``100.000`` under a German "brutto jährlich" question, a monthly ``8000`` SGD, and a
  French answer without an amount.
* LinkedIn ``Saved Jobs.csv``: three saved jobs, one of them (Initech) applied to later.
* LinkedIn ``Connections.csv``: LinkedIn's three lines of notes above the header.
* Simplify: columns in a different order from the documented one; one status date per job.
* Huntr: the job-board CSV, and the full-data download (jobs + activities).
* Google Sheets CSV (CRLF, no final newline, ``<file> - <sheet>.csv``) and Excel Unicode Text.
* The one-hot "Sankey" layout and stage-history cells.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

#: Relative path -> the format name the loader must report for it.
EXPECTED: dict[str, str] = {
    "linkedin/Job Applications.csv": "linkedin job applications",
    "linkedin/Saved Jobs.csv": "linkedin saved jobs",
    "linkedin/Connections.csv": "linkedin connections",
    "simplify/simplify-jobs.csv": "simplify",
    "huntr/huntr-job-board.csv": "huntr jobs",
    "huntr_full/jobs.csv": "huntr full jobs",
    "huntr_full/activities.csv": "huntr activities",
    "google/Job search 2024 - Applications.csv": "google sheets csv",
    "excel/Unicode tracker.txt": "excel unicode text",
    "layouts/sankey.csv": "one-hot stage columns",
    "layouts/stage-history.csv": "stage history",
}

LINKEDIN_APPLICATIONS = [
    [
        "Application Date",
        "Contact Email",
        "Contact Phone Number",
        "Company Name",
        "Job Title",
        "Job Url",
        "Resume Name",
        "Question And Answers",
    ],
    [
        "11/23/24, 11:39 PM",
        "talent@acme-robotics.example",
        "",
        "Acme Robotics",
        "Data Analyst",
        "https://www.linkedin.com/jobs/view/3901234567/",
        "Resume_2024_EN.pdf",
        "How many years of work experience do you have with SQL?:4 | "
        "What are your salary expectations?:120000EUR",
    ],
    [
        "11/05/24, 09:15 AM",
        "",
        "",
        "Globex",
        "Data Engineer",
        "https://www.linkedin.com/jobs/view/3900000001/",
        "Lebenslauf_2024.pdf",
        "Gehaltsvorstellung (brutto jährlich)?:100.000 | "
        "Sind Sie berechtigt, in Deutschland zu arbeiten?:Ja",
    ],
    [
        "12/02/24, 02:05 PM",
        "",
        "+65 6123 4567",
        "Initech",
        "Analytics Engineer",
        "https://www.linkedin.com/jobs/view/3900000002/",
        "Resume_2024_EN.pdf",
        "Expected monthly salary (SGD)?:8000",
    ],
    [
        "10/30/24, 08:00 AM",
        "",
        "",
        "Umbrella",
        "BI Developer",
        "https://www.linkedin.com/jobs/view/3900000003/",
        "CV_FR.pdf",
        "Quelles sont vos prétentions salariales ?:à discuter",
    ],
    [
        "11/10/24, 04:20 PM",
        "",
        "",
        "Hooli",
        "ML Engineer",
        "https://www.linkedin.com/jobs/view/3900000004/",
        "Resume_2024_EN.pdf",
        "",
    ],
]

LINKEDIN_SAVED = [
    ["Saved Date", "Job Url", "Job Title", "Company Name"],
    ["11/28/24, 10:02 AM", "https://www.linkedin.com/jobs/view/3900000002/", "Analytics Engineer",
     "Initech"],
    ["12/01/24, 07:45 PM", "https://www.linkedin.com/jobs/view/3900000010/", "Data Scientist",
     "Stark Industries"],
    ["12/03/24, 08:30 AM", "https://www.linkedin.com/jobs/view/3900000011/", "Data Analyst",
     "Wayne Enterprises"],
]  # fmt: skip

CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address using this setting."\n'
    "\n"
)
CONNECTIONS = [
    ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    ["Ada", "Lovelace", "https://www.linkedin.com/in/ada-lovelace", "", "Acme Robotics Inc.",
     "Head of Data", "15 Mar 2023"],
    ["Grace", "Hopper", "https://www.linkedin.com/in/grace-hopper", "grace@example.com",
     "Globex", "Engineering Manager", "02 Nov 2024"],
    ["Alan", "Turing", "https://www.linkedin.com/in/alan-turing", "", "Bletchley Labs",
     "Researcher", "28 Feb 2021"],
]  # fmt: skip

# Simplify documents Job Title, Company Name, Job URL, Applied Date, Status, Status Date,
# Archived, Date Archived, Notes; the order below is what a re-sorted export looks like.
SIMPLIFY = [
    ["Company Name", "Job Title", "Status", "Applied Date", "Job URL", "Status Date", "Notes",
     "Archived", "Date Archived"],
    ["Vandelay Industries", "Data Analyst", "Interviewing", "2024-09-02",
     "https://vandelay.example/jobs/17", "2024-09-20", "panel next week", "FALSE", ""],
    ["Kramerica", "Analyst", "Rejected", "2024-09-05", "https://kramerica.example/careers/3",
     "2024-09-30", "", "TRUE", "2024-10-01"],
    ["Pendant Publishing", "Data Engineer", "Applied", "2024-09-10",
     "https://pendant.example/jobs/9", "2024-09-10", "", "FALSE", ""],
    ["Monk's Cafe", "BI Analyst", "Offer", "2024-08-20", "https://monks.example/jobs/1",
     "2024-10-02", "verbal offer", "FALSE", ""],
    ["Sterling Cooper", "Data Scientist", "Saved", "", "https://sterling.example/jobs/5",
     "2024-10-05", "", "FALSE", ""],
]  # fmt: skip

HUNTR_BOARD = [
    ["Employer", "Job Title", "List", "URL", "Location", "Salary", "Date Saved", "Notes"],
    ["Oscorp", "Data Analyst", "Wishlist", "https://oscorp.example/jobs/1", "New York, NY",
     "$90k - $110k", "2024-10-01", ""],
    ["Cyberdyne", "ML Engineer", "Applied", "https://cyberdyne.example/jobs/2", "Remote",
     "", "2024-10-02", "referral from Sam"],
    ["Tyrell", "Data Scientist", "Interview", "https://tyrell.example/jobs/3", "Los Angeles, CA",
     "$140,000", "2024-09-15", ""],
    ["Soylent", "Analyst", "Offer", "https://soylent.example/jobs/4", "Remote", "",
     "2024-09-01", ""],
    ["Wonka", "BI Developer", "Rejected", "https://wonka.example/jobs/5", "Chicago, IL", "",
     "2024-09-05", ""],
]  # fmt: skip

HUNTR_JOBS = [
    ["id", "title", "salary", "location", "url", "listName", "companyName", "createdAt",
     "lastMovedAt"],
    ["65a1f0c2e4b0a1b2c3d4e5f1", "Data Analyst", "", "Boston, MA",
     "https://initrode.example/jobs/11", "Rejected", "Initrode", "2024-10-01T09:30:00.000Z",
     "2024-10-20T16:05:00.000Z"],
    ["65a1f0c2e4b0a1b2c3d4e5f2", "Data Engineer", "$120k", "Remote",
     "https://massive.example/jobs/12", "Offer", "Massive Dynamic", "2024-10-02T12:00:00.000Z",
     "2024-10-25T10:00:00.000Z"],
    ["65a1f0c2e4b0a1b2c3d4e5f3", "Analyst", "", "Remote", "https://dunder.example/jobs/13",
     "Wishlist", "Dunder Mifflin", "2024-10-05T08:00:00.000Z", "2024-10-05T08:00:00.000Z"],
]  # fmt: skip

HUNTR_ACTIVITIES = [
    ["id", "jobId", "type", "fromListName", "toListName", "createdAt"],
    ["a01", "65a1f0c2e4b0a1b2c3d4e5f1", "CREATED_JOB", "", "Wishlist", "2024-10-01T09:30:00.000Z"],
    ["a02", "65a1f0c2e4b0a1b2c3d4e5f1", "MOVED_JOB", "Wishlist", "Applied",
     "2024-10-03T14:00:00.000Z"],
    ["a03", "65a1f0c2e4b0a1b2c3d4e5f1", "MOVED_JOB", "Applied", "Interview",
     "2024-10-10T15:30:00.000Z"],
    ["a04", "65a1f0c2e4b0a1b2c3d4e5f1", "NOTE_ADDED", "", "", "2024-10-11T09:00:00.000Z"],
    ["a05", "65a1f0c2e4b0a1b2c3d4e5f1", "MOVED_JOB", "Interview", "Rejected",
     "2024-10-20T16:05:00.000Z"],
    ["a06", "65a1f0c2e4b0a1b2c3d4e5f2", "CREATED_JOB", "", "Applied", "2024-10-02T12:00:00.000Z"],
    ["a07", "65a1f0c2e4b0a1b2c3d4e5f2", "MOVED_JOB", "Applied", "Interview",
     "2024-10-09T11:00:00.000Z"],
    ["a08", "65a1f0c2e4b0a1b2c3d4e5f2", "MOVED_JOB", "Interview", "Offer",
     "2024-10-25T10:00:00.000Z"],
    ["a09", "65a1f0c2e4b0a1b2c3d4e5f3", "CREATED_JOB", "", "Wishlist", "2024-10-05T08:00:00.000Z"],
]  # fmt: skip

GOOGLE_SHEET = [
    ["Company", "Role", "Date Applied", "Status"],
    ["Prestige Worldwide", "Analyst", "3/1/2024", "Rejected"],
    ["Bluth Company", "Data Engineer", "3/4/2024", "Phone screen"],
]

UNICODE_TEXT = [
    ["Company", "Position", "Date Applied", "Status"],
    ["Société Générale", "Analyste", "2024-02-01", "Interview"],
    ["Zürich Versicherung", "Data Engineer", "2024-02-05", "Applied"],
]

SANKEY = [
    ["Company", "Role", "Applied", "Phone Screen", "Interview", "Offer", "Rejected"],
    ["Acme", "Analyst", "1", "1", "1", "", "1"],
    ["Globex", "Engineer", "1", "", "", "", "1"],
    ["Initech", "Analyst", "1", "1", "1", "1", ""],
]

STAGE_HISTORY = [
    ["Company", "Role", "Stage History"],
    ["Acme", "Analyst", "Applied > Phone Screen > Interview > Rejected"],
    ["Globex", "Engineer", "Applied > Offer"],
]


def _csv_text(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def write_exports(folder: Path) -> dict[str, Path]:
    """Write every fixture under ``folder``; returns relative path -> written path."""
    out: dict[str, Path] = {}

    def put(rel: str, data: bytes) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out[rel] = path

    # LinkedIn writes UTF-8 with LF line ends and quotes only where needed.
    put("linkedin/Job Applications.csv", _csv_text(LINKEDIN_APPLICATIONS).encode())
    put("linkedin/Saved Jobs.csv", _csv_text(LINKEDIN_SAVED).encode())
    put("linkedin/Connections.csv", (CONNECTIONS_PREAMBLE + _csv_text(CONNECTIONS)).encode())
    put("simplify/simplify-jobs.csv", _csv_text(SIMPLIFY).encode())
    put("huntr/huntr-job-board.csv", _csv_text(HUNTR_BOARD).encode())
    put("huntr_full/jobs.csv", _csv_text(HUNTR_JOBS).encode())
    put("huntr_full/activities.csv", _csv_text(HUNTR_ACTIVITIES).encode())
    # Google Sheets: CRLF between records and none after the last one.
    google = _csv_text(GOOGLE_SHEET, newline="\r\n").removesuffix("\r\n")
    put("google/Job search 2024 - Applications.csv", google.encode())
    # Excel "Unicode Text": UTF-16 little-endian with a byte-order mark, tabs, CRLF.
    unicode_text = _csv_text(UNICODE_TEXT, delimiter="\t", newline="\r\n")
    put("excel/Unicode tracker.txt", unicode_text.encode("utf-16"))
    put("layouts/sankey.csv", _csv_text(SANKEY).encode())
    put("layouts/stage-history.csv", _csv_text(STAGE_HISTORY).encode())
    return out


if __name__ == "__main__":  # pragma: no cover
    for rel in write_exports(Path(__file__).resolve().parent):
        print(rel)
