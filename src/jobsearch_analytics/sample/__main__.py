"""``python -m jobsearch_analytics.sample [ROOT]``: regenerate the sample data.

``python -m jobsearch_analytics.sample zoo OUTDIR [--seed N] [--score]``: write the layout zoo
(:mod:`jobsearch_analytics.sample._zoo`) into OUTDIR; ``--score`` also loads every file and
prints how each was read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _zoo(argv: list[str]) -> int:
    from jobsearch_analytics.sample._zoo import score_zoo, write_zoo

    parser = argparse.ArgumentParser(prog="python -m jobsearch_analytics.sample zoo")
    parser.add_argument("outdir", help="folder to write the zoo into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--score", action="store_true", help="load every file and score it")
    args = parser.parse_args(argv)
    files = write_zoo(args.outdir, seed=args.seed)
    print(f"{len(files)} tracker layouts (and their .truth.json) written to {args.outdir}")
    if args.score:
        scores = score_zoo(args.outdir)
        for s in scores:
            print(s)
        print(f"zoo: {sum(s.ok for s in scores)} of {len(scores)} layouts read right")
    return 0


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:2] == ["zoo"]:
        sys.exit(_zoo(sys.argv[2:]))
    from jobsearch_analytics.sample import build_sample_data

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/sample")
    build_sample_data(root)
    print(f"sample data written to {root}")
