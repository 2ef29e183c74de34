"""Like with like (issue #13 item 6): the thank-you comparison within interview round, pooled
by Mantel-Haenszel; a constructed case with no effect inside any round."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jobsearch_analytics.metrics._stats import mantel_haenszel_difference
from jobsearch_analytics.metrics.after_interview import thank_you_by_round
from jobsearch_analytics.model import JobSearch


def no_effect_search(seed: int = 0) -> JobSearch:
    """Round 1 leads on (to an offer) 70% of the time and round 2 20%, with a note or without;
    notes within 24 h are common after round 1 (80%) and rare after round 2 (20%)."""
    rng = np.random.default_rng(seed)
    apps, events = [], []
    for i in range(400):
        app = f"a{i}"
        rnd = 1 if i < 200 else 2
        note = rng.random() < (0.8 if rnd == 1 else 0.2)
        nxt = rng.random() < (0.7 if rnd == 1 else 0.2)
        day = pd.Timestamp("2024-01-10")
        apps.append((app, "offer" if nxt else "interview", "open" if nxt else "rejected"))
        events.append((app, day, "interview", rnd))
        if note:
            events.append((app, day, "thank_you", rnd))
        if nxt:  # what comes next is an offer: no further interview enters the table
            events.append((app, day + pd.Timedelta(days=7), "offer", None))
        else:
            events.append((app, day + pd.Timedelta(days=7), "rejection", None))
    return JobSearch.from_frames(
        pd.DataFrame(apps, columns=["application_id", "stage", "outcome"]),
        pd.DataFrame(events, columns=["application_id", "date", "kind", "round"]).assign(
            date_known=True
        ),
    )


def test_no_effect_in_any_round_gives_an_adjusted_difference_near_zero():
    t = thank_you_by_round(no_effect_search(), today="2024-06-01")
    first = t[t["round"].isin([1, 2])]
    # pooled as one, rounds make a large spurious "effect"; adjusted for round it is gone
    assert t.attrs["crude_difference"] > 0.2
    assert abs(t.attrs["adjusted_difference"]) <= 0.10
    assert t.attrs["adjusted_low"] <= 0 <= t.attrs["adjusted_high"]
    # the per-round rows are the counts themselves, and no round shows the pooled "effect"
    assert (first["n_24h"] + first["n_other"]).tolist() == [200, 200]
    assert (first["difference"].abs() < 0.2).all()


def test_mantel_haenszel_by_hand_and_its_coverage():
    k1, n1, k2, n2 = [48, 2, 15], [60, 10, 30], [8, 18, 20], [10, 90, 40]
    w = [a * b / (a + b) for a, b in zip(n1, n2, strict=True)]
    num = sum((a * m - c * n) / (n + m) for a, n, c, m in zip(k1, n1, k2, n2, strict=True))
    d, _, _ = mantel_haenszel_difference(k1, n1, k2, n2)
    assert abs(d - num / sum(w)) < 1e-12
    # Sato's interval holds a planted difference of 0.05 about 95% of the time
    rng = np.random.default_rng(1)
    n1a, n2a = np.array([60, 10, 30]), np.array([10, 90, 40])
    base = np.array([0.7, 0.2, 0.45])
    hits = 0
    for _ in range(1500):
        _, lo, hi = mantel_haenszel_difference(
            rng.binomial(n1a, base + 0.05), n1a, rng.binomial(n2a, base), n2a
        )
        hits += lo <= 0.05 <= hi
    assert hits >= 0.92 * 1500


def test_unknown_without_a_thank_you_column():
    s = no_effect_search()
    bare = JobSearch.from_frames(s.applications, s.events, fields=["reply", "interview"])
    t = thank_you_by_round(bare, today="2024-06-01")
    assert t["difference"].isna().all() and t.attrs["missing"].startswith("not in your")
