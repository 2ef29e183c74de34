"""Command line: ``jobsearch-analytics validate | summary``.

Exit codes: 0 loaded, 2 a file could not be loaded (``LoadError``), 1 anything else.
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


def _cmd_summary(args: argparse.Namespace) -> int:
    from jobsearch_analytics import summarize

    search = _load(args)
    summary = summarize(search, today=args.today)
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(summary.to_text())
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
    s.add_argument("--today", help="analysis date YYYY-MM-DD (censors pending applications)")
    s.set_defaults(func=_cmd_summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from jobsearch_analytics.io.report import LoadError

    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except LoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
