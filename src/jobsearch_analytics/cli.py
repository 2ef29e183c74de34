"""Command line: ``jobsearch-analytics validate | summary | report | template``.

Exit codes: 0 loaded, 2 a file could not be loaded (``LoadError``), 1 anything else.
``report`` on a folder (a coach's batch): 0 every tracker reported, 1 some failed, 2 none did
(or anonymising was asked for without a secret).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _load(args: argparse.Namespace):
    from jobsearch_analytics import load

    columns = dict(kv.split("=", 1) for kv in (args.column or []))
    return load(
        args.path,
        sheet=args.sheet,
        dayfirst=args.dayfirst,
        default_currency=args.currency,
        columns={k: (v or None) for k, v in columns.items()},
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    search = _load(args)
    report = search.report
    max_entries = 25 if args.brief else 10_000
    print(report.to_text(max_entries=max_entries))
    print(f"{len(search.applications)} applications, {len(search.events)} events.")
    return 0


def _today(text: str) -> str:
    """``--today`` as given, once :func:`~jobsearch_analytics.conventions.resolve_today`
    accepts it (argparse shows its one-line message otherwise)."""
    from jobsearch_analytics.conventions import resolve_today

    try:
        resolve_today(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _cmd_summary(args: argparse.Namespace) -> int:
    from jobsearch_analytics import summarize

    search = _load(args)
    summary = summarize(search, today=args.today)
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(summary.to_text())
    return 0


def _load_options(args: argparse.Namespace) -> dict:
    columns = dict(kv.split("=", 1) for kv in (args.column or []))
    options: dict = {
        "dayfirst": args.dayfirst,
        "default_currency": args.currency,
        "columns": {k: (v or None) for k, v in columns.items()},
    }
    return options


def _cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jobsearch_analytics.io.writers import OutputError
    from jobsearch_analytics.report.anonymize import AnonymizationError, resolve_secret

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
    from jobsearch_analytics.report.export import write_report_html, write_report_xlsx

    options = _load_options(args)
    if args.sheet:
        options["sheet"] = args.sheet
    out = Path(args.output) if args.output else source.with_suffix(".html")
    in_folder = out.is_dir() or str(args.output or "").endswith(("/", "\\"))
    # Before any work: a missing or read-only folder, or a full disk, is one message.
    check_output(out / "report.html" if in_folder else out, inputs=[source], create=in_folder)
    search = load(source, **options)
    client = source.stem
    if secret is not None:
        from jobsearch_analytics.report.anonymize import anonymize

        search, client = anonymize(search, secret, client=source.stem, extra_values=(source.name,))
    if in_folder:
        out = out / f"{client}.html"
    report = build_report(
        search,
        today=args.today,
        client=client,
        charts=not args.no_charts,
        anonymized=secret is not None,
    )
    written = [write_report_html(report, out, inputs=[source])]
    if args.xlsx:
        written.append(
            write_report_xlsx(report, out.with_name(out.stem + ".report.xlsx"), inputs=[source])
        )
    for path in written:
        print(f"wrote {path}")
    return 0


def _report_batch(args: argparse.Namespace, source, secret: str | None) -> int:
    from pathlib import Path

    from jobsearch_analytics.report.batch import run_batch

    outdir = Path(args.output) if args.output else source / "reports"
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
    )
    print(result.to_text())
    return result.exit_code


def _cmd_template(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jobsearch_analytics.report.template import write_template

    out = Path(args.output)
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
            help="map a column to a field, e.g. 'Made contact?=follow_up'",
        )

    v = sub.add_parser("validate", help="load a tracker and print the load report")
    loading(v)
    v.add_argument("--brief", action="store_true", help="show at most 25 report entries")
    v.set_defaults(func=_cmd_validate)

    s = sub.add_parser("summary", help="print the headline numbers")
    loading(s)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.add_argument(
        "--today", type=_today, help="analysis date YYYY-MM-DD (censors pending applications)"
    )
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
    r.add_argument(
        "--today", type=_today, help="analysis date YYYY-MM-DD (censors pending applications)"
    )
    r.add_argument("--xlsx", action="store_true", help="also write the tables as a workbook")
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
    except LoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:  # any command's output: one message, nothing half-written
        print(f"error: {exc}.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
