"""``python -m jobsearch_analytics.sample [ROOT]``: regenerate the sample data."""

from __future__ import annotations

import sys
from pathlib import Path

from jobsearch_analytics.sample import build_sample_data

if __name__ == "__main__":  # pragma: no cover
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/sample")
    build_sample_data(root)
    print(f"sample data written to {root}")
