"""One application seen in several sources becomes one application.

A search is often spread over several files: LinkedIn's export of what was sent through
LinkedIn, a personal sheet with the replies, a Huntr board. :func:`merge_applications` finds
the rows that are the same application and joins them:

* the same job URL once tracking parameters are removed (:func:`~jobsearch_analytics.io.
  values.normalise_url`), or
* the same company (:func:`~jobsearch_analytics.io.values.normalise_company`) and role, applied
  within ``days`` days of each other.

Only rows from different files are joined (applying twice to one company from one sheet is
two applications), and never two rows of the same file into one group. The kept row is the
one that knows most (a status, the furthest stage); its empty cells are filled from the
others; its events and theirs are kept, minus identical ones. Every decision -- merged, or a
near miss left apart -- comes back as a row of the ``decisions`` table for the load report.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import conform, APPLICATION_COLUMNS, EVENT_COLUMNS
>>> apps = conform(pd.DataFrame({
...     "application_id": ["li#2", "me#2"], "company": ["Acme Inc.", "ACME"],
...     "role": ["Data Analyst", "data analyst"], "stage": ["applied", "interview"],
...     "outcome": ["open", "rejected"], "status_raw": [None, "Rejected"],
...     "date_applied": pd.to_datetime(["2024-03-01", "2024-03-02"]),
...     "source_file": ["li.csv", "me.csv"]}), APPLICATION_COLUMNS)
>>> evs = conform(pd.DataFrame({"application_id": ["li#2", "me#2"],
...     "date": pd.to_datetime(["2024-03-01", "2024-03-02"]), "date_known": [True, True],
...     "kind": ["applied", "applied"], "source_file": ["li.csv", "me.csv"]}), EVENT_COLUMNS)
>>> out = merge_applications(apps, evs)
>>> out.applications[["application_id", "stage", "outcome", "merged_from"]].values.tolist()
[['me#2', 'interview', 'rejected', 'me#2; li#2']]
>>> out.decisions.loc[0, "how"]
'same company and role, applied 1 day apart'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobsearch_analytics.model import STAGE_OF_EVENT, STAGES

__all__ = [
    "DEFAULT_MERGE_DAYS",
    "MergeResult",
    "cross_client_matches",
    "merge_applications",
    "normalise_role",
]

#: Applications at the same company for the same role applied within this many days are one.
DEFAULT_MERGE_DAYS: int = 3

_STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
_CLOSING = {
    "accepted": "accepted",
    "declined": "declined",
    "withdrawal": "withdrawn",
    "rejection": "rejected",
    "ghosted": "ghosted",
}
_OUTCOME_ORDER = ("accepted", "declined", "withdrawn", "rejected", "ghosted")
#: Steps that happen once: when sources disagree on the day, the kept row's date stands.
_ONCE = ("applied", "saved")
_DECISION_COLUMNS = ["kept", "other", "how", "action", "kind", "dropped_events"]


@dataclass(frozen=True)
class MergeResult:
    """Applications and events after merging, and one row per decision.

    ``decisions`` has ``kept, other, how, action, kind, dropped_events``: ``kind`` is
    ``'merged'`` when ``other`` was joined into ``kept`` and ``'info'`` for a near miss (the
    same company and role further apart than the window).
    """

    applications: pd.DataFrame
    events: pd.DataFrame
    decisions: pd.DataFrame


def normalise_role(role: object) -> str:
    """A job title in the form used to merge: case, accents, punctuation and spacing folded.

    Examples
    --------
    >>> normalise_role("Sr. Data  Analyst (m/w/d)") == normalise_role("sr data analyst m w d")
    True
    """
    from jobsearch_analytics.io.values import normalise_company

    if role is None or (isinstance(role, float) and np.isnan(role)) or role is pd.NA:
        return ""
    # normalise_company folds accents, case and punctuation; legal-form words are not an
    # issue in titles, and a title is never only one.
    text = re.sub(r"[^\w\s]", " ", str(role))
    return " ".join(normalise_company(text).split()) if text.strip() else ""


class _Groups:
    """Union-find that refuses to put two rows of one file in a group."""

    def __init__(self, files: list[str]) -> None:
        self.parent = list(range(len(files)))
        self.files = [{f} for f in files]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> str:
        a, b = self.find(i), self.find(j)
        if a == b:
            return "already"
        if self.files[a] & self.files[b]:
            return "same file"
        self.parent[b] = a
        self.files[a] |= self.files[b]
        return "joined"


def _candidate_pairs(
    apps: pd.DataFrame, days: int
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    from jobsearch_analytics.io.values import is_url, normalise_company, normalise_url

    files = apps["source_file"].astype("object").fillna("").tolist()
    clients = apps["client"].astype("object").fillna("").tolist()
    urls = [
        normalise_url(u) if isinstance(u, str) and is_url(u) else ""
        for u in apps["url"].astype("object")
    ]
    comp = [normalise_company(c) for c in apps["company"].astype("object")]
    role = [normalise_role(r) for r in apps["role"].astype("object")]
    dates = pd.to_datetime(apps["date_applied"]).tolist()
    pairs: list[tuple[int, int, str]] = []
    near: list[tuple[int, int, str]] = []
    by_url: dict[tuple[str, str], list[int]] = {}
    for i, u in enumerate(urls):
        if u:
            by_url.setdefault((clients[i], u), []).append(i)
    for (_, u), rows in by_url.items():
        for a in range(len(rows)):
            for b in range(a + 1, len(rows)):
                i, j = rows[a], rows[b]
                if files[i] != files[j]:
                    pairs.append((i, j, f"same job URL ({u})"))
    by_name: dict[tuple[str, str, str], list[int]] = {}
    for i in range(len(apps)):
        if comp[i] and role[i]:
            by_name.setdefault((clients[i], comp[i], role[i]), []).append(i)
    scored: list[tuple[float, int, int, str]] = []
    for rows in by_name.values():
        for a in range(len(rows)):
            for b in range(a + 1, len(rows)):
                i, j = rows[a], rows[b]
                if files[i] == files[j] or pd.isna(dates[i]) or pd.isna(dates[j]):
                    continue
                gap = abs((dates[i].normalize() - dates[j].normalize()).days)
                word = "day" if gap == 1 else "days"
                if gap <= days:
                    how = f"same company and role, applied {gap} {word} apart"
                    scored.append((gap, i, j, how))
                else:
                    near.append(
                        (
                            i,
                            j,
                            f"same company and role, but applied {gap} {word} apart "
                            f"(more than {days})",
                        )
                    )
    pairs.extend((i, j, how) for _, i, j, how in sorted(scored))
    return pairs, near


def _event_key(ev: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": ev["kind"].astype("str"),
            "round": ev["round"].astype("Float64").fillna(-1).astype(float),
            "day": pd.to_datetime(ev["date"]).dt.normalize(),
            "known": ev["date_known"].astype(bool),
            "file": ev["source_file"].astype("object").fillna(""),
        },
        index=ev.index,
    )


def dedupe_events(events: pd.DataFrame, kept_file_first: list[str]) -> pd.Index:
    """Index labels of events of one application that repeat another source's events.

    ``kept_file_first`` orders the files: the first file's copy of an event is kept. An event
    from another file is dropped when the same kind and round is already there on the same
    day; an undated one when that kind is there at all; an ``applied`` or ``saved`` step when
    the first file dates it already (sources disagreeing by a day or two about the same
    step). Events from one file are never dropped against each other.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"kind": ["applied", "applied", "interview", "interview"],
    ...     "round": [None, None, 1, 1], "date": pd.to_datetime(["2024-03-01", "2024-03-02",
    ...     "2024-03-09", None]), "date_known": [True, True, True, False],
    ...     "source_file": ["a", "b", "a", "b"]})
    >>> list(dedupe_events(ev, ["a", "b"]))
    [1, 3]
    """
    if events.empty:
        return events.index[:0]
    key = _event_key(events)
    rank = {f: i for i, f in enumerate(kept_file_first)}
    order = key["file"].map(lambda f: rank.get(f, len(rank)))
    key = key.assign(_order=order, _dated=~key["known"]).sort_values(
        ["_order", "_dated"], kind="stable"
    )
    drop: list[object] = []
    seen_dated: dict[tuple[str, float], set[tuple[pd.Timestamp, str]]] = {}
    seen_kind: dict[str, set[str]] = {}
    for idx, k in key.iterrows():
        kr = (k["kind"], k["round"])
        others = {f for f in seen_kind.get(k["kind"], set()) if f != k["file"]}
        if k["known"]:
            same_day = {f for d, f in seen_dated.get(kr, set()) if d == k["day"]}
            once = k["kind"] in _ONCE and any(f != k["file"] for _, f in seen_dated.get(kr, set()))
            if (same_day - {k["file"]}) or once:
                drop.append(idx)
                continue
            seen_dated.setdefault(kr, set()).add((k["day"], k["file"]))
        elif others:
            drop.append(idx)
            continue
        seen_kind.setdefault(k["kind"], set()).add(k["file"])
    return pd.Index(drop)


def refresh_stage(apps: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Stage, outcome and application date brought in line with (new) events.

    The stage becomes the furthest the events prove; an ``open`` outcome takes a closing
    event's outcome; an unknown application date takes the earliest dated ``applied`` event.
    Returns a new frame.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import conform, APPLICATION_COLUMNS, EVENT_COLUMNS
    >>> a = conform(pd.DataFrame({"application_id": ["x"], "stage": ["saved"],
    ...                           "outcome": ["open"]}), APPLICATION_COLUMNS)
    >>> e = conform(pd.DataFrame({"application_id": ["x", "x"], "kind": ["applied", "rejection"],
    ...     "date": pd.to_datetime(["2024-01-02", "2024-01-20"]), "date_known": [True, True]}),
    ...     EVENT_COLUMNS)
    >>> r = refresh_stage(a, e).iloc[0]
    >>> r["stage"], r["outcome"], str(r["date_applied"].date())
    ('applied', 'rejected', '2024-01-02')
    """
    out = apps.copy()
    if events.empty or out.empty:
        return out
    ev = events[events["application_id"].isin(out["application_id"])]
    rank = ev["kind"].astype("str").map(lambda k: _STAGE_RANK[STAGE_OF_EVENT.get(k, "saved")])
    best = rank.groupby(ev["application_id"]).max()
    cur = out["stage"].astype("str").map(_STAGE_RANK)
    new = out["application_id"].map(best).fillna(-1).astype(int)
    stage = np.maximum(cur.fillna(-1).astype(int).to_numpy(), new.to_numpy())
    out["stage"] = pd.Categorical(
        [STAGES[s] if s >= 0 else None for s in stage], dtype=apps["stage"].dtype
    )
    closing = ev[ev["kind"].astype("str").isin(list(_CLOSING))]
    got: dict[str, str] = {}
    for aid, kinds in closing.groupby("application_id")["kind"]:
        outs = {_CLOSING[str(k)] for k in kinds}
        got[aid] = next(o for o in _OUTCOME_ORDER if o in outs)
    is_open = out["outcome"].astype("object").isin(["open", None]) | out["outcome"].isna()
    fill = out["application_id"].map(got)
    new_outcome = out["outcome"].astype("object").where(~(is_open & fill.notna()), fill)
    out["outcome"] = pd.Categorical(new_outcome, dtype=apps["outcome"].dtype)
    applied = ev[(ev["kind"] == "applied") & ev["date_known"].astype(bool)]
    first = applied.groupby("application_id")["date"].min()
    missing = out["date_applied"].isna()
    out.loc[missing, "date_applied"] = out.loc[missing, "application_id"].map(first)
    if "accepted" in set(out["outcome"].dropna().astype(str)):
        acc = out["outcome"] == "accepted"
        out.loc[acc, "stage"] = "accepted"
    return out


def _knows(row: pd.Series) -> tuple[int, int]:
    status = 1 if isinstance(row["status_raw"], str) and row["status_raw"] else 0
    stage = _STAGE_RANK.get(str(row["stage"]), -1) if pd.notna(row["stage"]) else -1
    return status, stage


def merge_applications(
    applications: pd.DataFrame,
    events: pd.DataFrame,
    *,
    days: int = DEFAULT_MERGE_DAYS,
) -> MergeResult:
    """Join the rows of different files that are the same application (see the module doc).

    Parameters
    ----------
    applications, events : DataFrame
        Canonical tables (with ``client`` and ``source_file`` set); rows of different clients
        are never joined. Neither is modified.
    days : int
        Largest gap between application dates for the company-and-role rule.

    Returns
    -------
    MergeResult
    """
    apps = applications.reset_index(drop=True)
    if "client" not in apps:
        apps = apps.assign(client=None)
    files = apps["source_file"].astype("object").fillna("").tolist()
    ids = apps["application_id"].tolist()
    groups, joined, decisions = _group(apps, files, ids, days)
    members: dict[int, list[int]] = {}
    for i in range(len(apps)):
        members.setdefault(groups.find(i), []).append(i)
    merged_groups = [m for m in members.values() if len(m) > 1]
    if not merged_groups:
        return MergeResult(apps, events, pd.DataFrame(decisions, columns=_DECISION_COLUMNS))

    merging = _Merging(apps, apps.copy(), events.copy(), ids, files, joined, decisions)
    merged_from = merging.out["merged_from"].astype("object").tolist()
    drop_rows: list[int] = []
    drop_events: list[object] = []
    for rows in merged_groups:
        keep, others = merging.join_rows(rows)
        merged_from[keep] = "; ".join([ids[keep], *(ids[r] for r in others)])
        drop_events.extend(merging.join_events(keep, others))
        drop_rows.extend(others)
    out = merging.out
    out["merged_from"] = pd.array(merged_from, dtype=apps["merged_from"].dtype)
    out = out.drop(index=drop_rows).reset_index(drop=True)
    ev = merging.ev.drop(index=drop_events).reset_index(drop=True)
    out = refresh_stage(out, ev)
    return MergeResult(out, ev, pd.DataFrame(decisions, columns=_DECISION_COLUMNS))


def _decision(
    kept: str, other: str, how: str, action: str, kind: str, dropped_events: int = 0
) -> dict[str, object]:
    return {
        "kept": kept,
        "other": other,
        "how": how,
        "action": action,
        "kind": kind,
        "dropped_events": dropped_events,
    }


def _group(
    apps: pd.DataFrame, files: list[str], ids: list[str], days: int
) -> tuple[_Groups, list[tuple[int, int, str]], list[dict[str, object]]]:
    """Join the candidate pairs into groups (never two rows of one file); returns the groups,
    the pairs that joined, and the decisions not to join (same file, near misses)."""
    pairs, near = _candidate_pairs(apps, days)
    groups = _Groups(files)
    decisions: list[dict[str, object]] = []
    joined: list[tuple[int, int, str]] = []
    for i, j, how in pairs:
        res = groups.union(i, j)
        if res == "joined":
            joined.append((i, j, how))
        elif res == "same file":
            action = "not merged: the group already holds a row of the same file"
            decisions.append(_decision(ids[i], ids[j], how, action, "info"))
    for i, j, how in near:
        if groups.find(i) != groups.find(j):
            decisions.append(_decision(ids[i], ids[j], how, "kept as two applications", "info"))
    return groups, joined, decisions


@dataclass
class _Merging:
    """The tables while groups are merged: ``apps`` as they came, ``out`` and ``ev`` being
    changed, and the decisions made."""

    apps: pd.DataFrame
    out: pd.DataFrame
    ev: pd.DataFrame
    ids: list[str]
    files: list[str]
    joined: list[tuple[int, int, str]]
    decisions: list[dict[str, object]]

    def join_rows(self, rows: list[int]) -> tuple[int, list[int]]:
        """Keep the row that knows most (a status, then the furthest stage, then the first);
        its blanks take the others' values, an open outcome their ending, the stage the
        furthest. Returns the kept row and the others."""
        apps, out = self.apps, self.out
        keep = max(rows, key=lambda r: (*_knows(apps.loc[r]), -r))
        others = [r for r in rows if r != keep]
        for col in out.columns:
            if col in ("application_id", "merged_from", "stage", "outcome"):
                continue
            if pd.isna(out.at[keep, col]) if np.ndim(out.at[keep, col]) == 0 else False:
                for r in others:
                    v = apps.at[r, col]
                    if not (np.ndim(v) == 0 and pd.isna(v)):
                        out.at[keep, col] = v
                        break
        if out.at[keep, "outcome"] == "open":
            for r in others:
                if apps.at[r, "outcome"] not in ("open", None) and pd.notna(apps.at[r, "outcome"]):
                    out.at[keep, "outcome"] = apps.at[r, "outcome"]
                    break
        best = max(
            (_STAGE_RANK[str(apps.at[r, "stage"])] for r in rows if pd.notna(apps.at[r, "stage"])),
            default=None,
        )
        if best is not None:
            out.at[keep, "stage"] = STAGES[best]
        return keep, others

    def join_events(self, keep: int, others: list[int]) -> list[object]:
        """The group's events move to the kept id; a step repeated by another file is
        dropped (see :func:`dedupe_events`). Returns the events to drop."""
        ids, files, ev = self.ids, self.files, self.ev
        group_ids = [ids[keep], *(ids[r] for r in others)]
        mine = ev["application_id"].isin(group_ids)
        ev.loc[mine, "application_id"] = ids[keep]
        dropped = dedupe_events(ev[mine], [files[keep], *(files[r] for r in others)])
        dropped_from = ev.loc[dropped, "source_file"].astype("object").tolist()
        for r in others:
            n_drop = sum(1 for f in dropped_from if f == files[r])
            action = f"merged into {ids[keep]}; events from both kept" + (
                f" ({n_drop} repeated there dropped)" if n_drop else ""
            )
            how = next(h for i, j, h in self.joined if r in (i, j))
            self.decisions.append(_decision(ids[keep], ids[r], how, action, "merged", n_drop))
        return list(dropped)


def cross_client_matches(
    applications: pd.DataFrame, *, days: int = DEFAULT_MERGE_DAYS
) -> list[tuple[str, str, str]]:
    """Applications of *different* clients that look like the same one (the same job URL, or
    the same company and role applied within ``days`` days): ``(id, other id, how)``.

    They are never merged -- two people may apply to one job -- but when the files are one
    person's sources loaded as separate clients (files side by side in a folder), each is
    counted twice; the loader reports these pairs so the person can load them with
    ``client="me"``.

    Examples
    --------
    >>> apps = pd.DataFrame({"application_id": ["a/#2", "b/#2"], "client": ["a", "b"],
    ...     "company": ["Acme", "Acme Inc."], "role": ["Analyst", "analyst"], "url": None,
    ...     "date_applied": pd.to_datetime(["2024-03-01", "2024-03-02"])})
    >>> cross_client_matches(apps)
    [('a/#2', 'b/#2', 'same company and role, applied 1 day apart')]
    """
    from jobsearch_analytics.io.values import is_url, normalise_company, normalise_url

    if applications["client"].nunique() < 2:
        return []
    apps = applications.reset_index(drop=True)
    url = [
        normalise_url(u) if isinstance(u, str) and is_url(u) else ""
        for u in apps["url"].astype("object")
    ]
    name = [
        (normalise_company(c), normalise_role(r))
        for c, r in zip(
            apps["company"].astype("object"), apps["role"].astype("object"), strict=True
        )
    ]
    keyed = pd.DataFrame(
        {
            "id": apps["application_id"].astype("object"),
            "client": apps["client"].astype("object"),
            "url": url,
            "name": [f"{c}\x1f{r}" if c and r else "" for c, r in name],
            "date": pd.to_datetime(apps["date_applied"]),
        }
    )
    found: dict[tuple[str, str], str] = {}
    for key, how in (("url", "same job URL"), ("name", "same company and role")):
        part = keyed[keyed[key] != ""]
        for _, group in part.groupby(key, sort=False):
            if group["client"].nunique() < 2:
                continue
            rows = group.to_dict("records")
            for a in range(len(rows)):
                for b in range(a + 1, len(rows)):
                    x, y = rows[a], rows[b]
                    if x["client"] == y["client"] or (x["id"], y["id"]) in found:
                        continue
                    if key == "url":
                        found[(x["id"], y["id"])] = f"{how} ({x['url']})"
                        continue
                    if pd.isna(x["date"]) or pd.isna(y["date"]):
                        continue
                    gap = abs((x["date"].normalize() - y["date"].normalize()).days)
                    if gap <= days:
                        word = "day" if gap == 1 else "days"
                        found[(x["id"], y["id"])] = f"{how}, applied {gap} {word} apart"
    return [(i, j, how) for (i, j), how in found.items()]
