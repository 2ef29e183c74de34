"""Command line: ``jobsearch-analytics validate | summary | report | template``.

Exit codes: 0 loaded, 2 a file could not be loaded (``LoadError``) or an argument is wrong (a
missing path, a bad ``--today``, ``-o`` naming an input), 1 anything else. A mistake gets one
line on stderr that says what to do, never a traceback.
``report`` on a folder (a coach's batch): 0 every tracker reported, 1 some failed, 2 none did
(or anonymising was asked for without a secret).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence

__all__ = ["main"]

#: What ``--today`` accepts, as said in its error message.
TODAY_FORMS = "a date written YYYY-MM-DD (e.g. 2024-06-01) or the word 'today'"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class UsageError(Exception):
    """A mistake in the arguments: printed as one line, exit code 2."""


def _date_option(option: str, value: str | None) -> str | None:
    """A date option checked: an ISO date, or ``today`` (the machine's date)."""
    if value is None:
        return None
    text = value.strip()
    if text.lower() == "today":
        return dt.date.today().isoformat()
    try:
        if _ISO_DATE.match(text):
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise UsageError(f"{option} {value!r} is not a date: use {TODAY_FORMS}")


def _today(value: str | None) -> str | None:
    """``--today`` checked: an ISO date, or ``today`` (the machine's date).

    Examples
    --------
    >>> _today("2024-06-01"), _today(None)
    ('2024-06-01', None)
    >>> _today("2024-13-01")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jobsearch_analytics.cli.UsageError: --today '2024-13-01' is not a date: use a date ...
    """
    return _date_option("--today", value)


def _columns(args: argparse.Namespace) -> dict[str, str | None]:
    """``--column HEADER=FIELD`` options as ``columns=`` (checked against the file once it is
    loaded, by :func:`_check_columns`)."""
    from jobsearch_analytics.io.mapping import check_fields, keep_value

    out: dict[str, str | None] = {}
    for kv in args.column or []:
        header, sep, name = kv.rpartition("=")
        if not sep or not header.strip():
            raise UsageError(
                f"--column {kv!r} needs the form HEADER=FIELD, e.g. 'Made contact?=follow_up' "
                "('HEADER=none' keeps the column as it is)"
            )
        out[header] = keep_value(name)
    return check_fields(out, where="--column")


def _check_columns(args: argparse.Namespace, search) -> None:
    """A ``--column`` naming no field or no header of the file: the loader would ignore it."""
    from jobsearch_analytics.io.report import correction_problems

    problems = correction_problems(_columns(args), search.report)
    if problems:
        raise UsageError("--column: " + "; ".join(problems))


def _check_path(path: str) -> None:
    """A missing input path: say so with the nearest names in its folder."""
    from pathlib import Path

    from jobsearch_analytics.io.report import not_found

    if not Path(path).exists():
        raise UsageError(str(not_found(path)))


def _load(args: argparse.Namespace):
    from jobsearch_analytics import load

    _check_path(args.path)
    search = load(args.path, sheet=args.sheet, **{**_load_options(args), **_saving(args)})
    _check_columns(args, search)
    _say_saved(search)
    return search


def _saving(args: argparse.Namespace) -> dict:
    """``--save-mapping`` / ``--no-saved-mapping`` as ``load``'s ``save_mapping``/``mapping``
    (one tracker only: a folder's files each keep their own)."""
    from pathlib import Path

    if args.save_mapping and Path(args.path).is_dir():
        raise UsageError(
            "--save-mapping saves the corrections of one tracker: name a file, not a folder"
        )
    if args.save_mapping and args.no_saved_mapping:
        raise UsageError("--save-mapping and --no-saved-mapping contradict each other")
    return {"save_mapping": args.save_mapping, "mapping": not args.no_saved_mapping}


def _say_saved(search) -> None:
    """Say on stderr which saved mapping was used or written (the report has it too)."""
    entries = search.report.entries
    if not len(entries):
        return
    said = entries["problem"].astype(str)
    for text in said[said.str.startswith(("read with the saved mapping", "saved the corr"))]:
        print(f"note: {text}.", file=sys.stderr)


def _cmd_validate(args: argparse.Namespace) -> int:
    search = _load(args)
    report = search.report
    max_entries = 25 if args.brief else None
    print(report.to_text(max_entries=max_entries, every_cell=args.all))
    print(f"{len(search.applications)} applications, {len(search.events)} events.")
    if not args.all and len(report.entries):
        print("One line per column and problem; --all shows each cell.")
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    from jobsearch_analytics.summary import summarize

    today = _today(args.today)
    search = _load(args)

    summary = summarize(search, today=today)
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(summary.to_text())
    return 0


def _load_options(args: argparse.Namespace) -> dict:
    options = {
        "dayfirst": args.dayfirst,
        "default_currency": args.currency,
        "columns": _columns(args),
    }
    if args.no_saved_mapping:
        options["mapping"] = False
    return options


def _cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jobsearch_analytics.io.writers import OutputError
    from jobsearch_analytics.report.anonymize import AnonymizationError, resolve_secret

    args.today = _today(args.today)
    args.since = _date_option("--since", args.since)
    if args.since and args.since > (args.today or dt.date.today().isoformat()):
        raise UsageError(
            f"--since {args.since} is after the analysis date: give the first day of the period "
            "to compare with the one before (e.g. the date of the previous report)"
        )
    _check_path(args.path)
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give 1 or more worker processes")
    secret = None
    if args.anonymize:
        try:
            secret = resolve_secret(args.secret)
        except AnonymizationError as exc:
            print(f"error: {exc}.", file=sys.stderr)
            return 2
    elif args.secret:
        print(
            "note: --secret is only used with --anonymize; writing named reports.", file=sys.stderr
        )
    source = Path(args.path)
    try:
        if source.is_dir():
            if args.title or args.client_name:
                raise UsageError(
                    "--title and --client-name name one client's report: give a tracker file, "
                    "not a folder (a folder's reports are named after each client's file)"
                )
            return _report_batch(args, source, secret)
        return _report_one(args, source, secret)
    except OutputError as exc:
        print(f"error: {exc}.", file=sys.stderr)
        return 1


def _report_one(args: argparse.Namespace, source, secret: str | None) -> int:
    from pathlib import Path

    from jobsearch_analytics import load
    from jobsearch_analytics.io.writers import check_output
    from jobsearch_analytics.report.client import build_report
    from jobsearch_analytics.report.export import (
        write_report_html,
        write_report_pdf,
        write_report_xlsx,
    )

    options = _load_options(args)
    if args.sheet:
        options["sheet"] = args.sheet
    out = Path(args.output) if args.output else source.with_suffix(".html")
    in_folder = out.is_dir() or str(args.output or "").endswith(("/", "\\"))
    # Before any work: a missing or read-only folder, or a full disk, is one message.
    check_output(out / "report.html" if in_folder else out, inputs=[source], create=in_folder)
    search = load(source, **{**options, **_saving(args)})
    _check_columns(args, search)
    _say_saved(search)
    client, title, key_file = args.client_name, args.title, None
    stem = source.stem
    if secret is not None:
        from jobsearch_analytics.report.anonymize import anonymize, write_key

        named = client or stem
        search, stem = anonymize(
            search, secret, client=named, extra_values=(source.name, source.stem)
        )
        if title and client:
            title = title.replace(client, stem)
        client = stem
    if in_folder:
        out = out / f"{stem}.html"
    report = build_report(
        search,
        today=args.today,
        client=client,
        title=title,
        since=args.since,
        charts=not args.no_charts,
        anonymized=secret is not None,
    )
    written = [write_report_html(report, out, inputs=[source])]
    if args.xlsx:
        written.append(
            write_report_xlsx(report, out.with_name(out.stem + ".report.xlsx"), inputs=[source])
        )
    if args.pdf:
        written.append(write_report_pdf(report, out.with_suffix(".pdf"), inputs=[source]))
    if secret is not None:
        # Beside the output (its folder's when it was written into one), never inside it.
        key_file = write_key(
            [(stem, str(source))], out.parent if in_folder else out, inputs=[source]
        )
    for path in written:
        print(f"wrote {path}")
    if key_file is not None:
        print(f"key (pseudonym -> client, keep it private): {key_file}")
    return 0


def _report_batch(args: argparse.Namespace, source, secret: str | None) -> int:
    from pathlib import Path

    from jobsearch_analytics.report.batch import run_batch

    _saving(args)  # --save-mapping names one tracker
    outdir = Path(args.output) if args.output else source / "reports"
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(
            f"-o {args.output}: a folder of trackers needs an output folder, and this is a "
            "file"
            + (" (one of the trackers)" if outdir.resolve().parent == source.resolve() else "")
            + "; name a new or existing folder, e.g. -o "
            + str(source / "reports")
        )
    result = run_batch(
        source,
        outdir,
        today=args.today,
        secret=secret,
        xlsx=args.xlsx,
        workers=args.workers,
        progress=True,
        charts=not args.no_charts,
        load_options=_load_options(args),
        pdf=args.pdf,
        since=args.since,
    )
    print(result.to_text())
    return result.exit_code


def _cmd_template(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jobsearch_analytics.io.writers import check_output
    from jobsearch_analytics.report.template import write_template

    out = Path(args.output)
    check_output(out)  # a missing or read-only folder is one message before any work
    if out.exists() and not args.force:
        print(f"error: {out} exists; pass --force to replace it.", file=sys.stderr)
        return 1
    print(f"wrote {write_template(out)}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jobsearch-analytics",
        description="Analyse a job-application tracker (xlsx, ods, csv) honestly.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def loading(p: argparse.ArgumentParser) -> None:
        p.add_argument("path", help="tracker file (xlsx, xlsm, xls, ods, csv, tsv) or folder")
        p.add_argument("--sheet", action="append", help="only this sheet (repeatable)")
        p.add_argument(
            "--dayfirst",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="read ambiguous dates like 03/04/2024 day-first",
        )
        p.add_argument("--currency", help="ISO code for salaries without a currency")
        p.add_argument(
            "--column",
            action="append",
            metavar="HEADER=FIELD",
            help="map a column to a field, e.g. 'Made contact?=follow_up' ('X=none' keeps "
            "column X as it is)",
        )
        p.add_argument(
            "--save-mapping",
            action="store_true",
            help="save --column/--sheet/--dayfirst for this tracker (beside it, as "
            "TRACKER.jsa.toml, and in the per-user folder); every later load uses them",
        )
        p.add_argument(
            "--no-saved-mapping",
            action="store_true",
            help="ignore a mapping saved for this tracker",
        )

    v = sub.add_parser("validate", help="load a tracker and print the load report")
    loading(v)
    v.add_argument("--brief", action="store_true", help="show at most 25 report lines")
    v.add_argument(
        "--all",
        action="store_true",
        help="one line per cell (default: one line per column and problem, with cell ranges)",
    )
    v.set_defaults(func=_cmd_validate)

    s = sub.add_parser("summary", help="print the headline numbers")
    loading(s)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.add_argument("--today", help="analysis date YYYY-MM-DD or 'today' (the default)")
    s.set_defaults(func=_cmd_summary)

    r = sub.add_parser(
        "report",
        help="HTML report for a tracker, or for every tracker in a folder plus cohort.html",
        description="One tracker: a self-contained HTML report. A folder: one report per "
        "client tracker and cohort.html. Exit code for a folder: 0 all reported, 1 some "
        "failed, 2 none.",
    )
    loading(r)
    r.add_argument(
        "-o",
        "--output",
        help="output .html (one tracker) or folder (default: beside the input)",
    )
    r.add_argument("--today", help="analysis date YYYY-MM-DD or 'today' (the default)")
    r.add_argument("--xlsx", action="store_true", help="also write the tables as a workbook")
    r.add_argument("--pdf", action="store_true", help="also write a PDF (A4) of the report")
    r.add_argument("--title", help="the report's heading (default: 'Job search report' ...)")
    r.add_argument("--client-name", help="whose search it is, shown in the heading")
    r.add_argument(
        "--since",
        metavar="DATE",
        help="compare this period (DATE to --today) with the one before, of the same length",
    )
    r.add_argument(
        "--anonymize",
        "--anonymise",
        action="store_true",
        help="replace names, contacts and notes by pseudonyms (needs --secret or JSA_SECRET)",
    )
    r.add_argument("--secret", help="secret for the pseudonyms (or env JSA_SECRET)")
    r.add_argument("--workers", type=int, help="worker processes (default: every core)")
    r.add_argument("--no-charts", action="store_true", help="tables only (faster)")
    r.set_defaults(func=_cmd_report)

    t = sub.add_parser("template", help="write a blank tracker workbook for a client")
    t.add_argument("output", help="the .xlsx file to write")
    t.add_argument("--force", action="store_true", help="replace an existing file")
    t.set_defaults(func=_cmd_template)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from jobsearch_analytics.io.report import LoadError
    from jobsearch_analytics.io.writers import OutputError

    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (LoadError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:  # any command's output: one message, nothing half-written
        print(f"error: {exc}.", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. an output folder that cannot be made or written to
        where = f": {exc.filename}" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
