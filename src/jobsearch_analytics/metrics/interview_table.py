"""The interview table every after-interview metric and the to-do list start from.

One row per interview (application x round) of a sent application, with the notes attached to
it and what came next; see :func:`~jobsearch_analytics.metrics.after_interview.interviews`
for the columns and rules. Applications are numbered by their position among the sent
applications (:class:`SentApplications`), so the tables here join on small integers.

Examples
--------
>>> import pandas as pd
>>> ev = pd.DataFrame({"application_id": ["b", "z"], "date": pd.to_datetime([None, None]),
...                    "kind": ["interview", "interview"], "channel": None, "round": [1, 1]})
>>> app_codes, event_codes = np.array([0, 1, 0]), np.array([1, -1])  # ids a, b, a; b, z
>>> sent = sent_applications(ev, np.array([True, True, True]), app_codes, event_codes)
>>> sent.rows.tolist(), sent.app_pos.tolist(), sent.events["application_id"].tolist()
([0, 1], [0, 1, 0], [1])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from jobsearch_analytics.metrics._derive import REPLY_KINDS, kind_mask
from jobsearch_analytics.model import STAGES

if TYPE_CHECKING:
    from jobsearch_analytics.model import JobSearch

__all__ = ["OFFER_KINDS", "SentApplications", "interview_table", "sent_applications"]

#: Event kinds that show an offer was made.
OFFER_KINDS = frozenset({"offer", "accepted", "negotiation", "declined"})

#: Event kinds the interview table and the to-do list read.
USED_KINDS = frozenset(
    {
        *REPLY_KINDS,
        *OFFER_KINDS,
        "thank_you",
        "next_steps_asked",
        "follow_up",
        "feedback_request",
        "withdrawal",
        "ghosted",
    }
)

_COLUMNS = [
    "application_id",
    "round",
    "date",
    "thank_you",
    "thank_you_date",
    "thank_you_delay",
    "thank_you_channel",
    "next_steps_asked",
    "reached_next",
    "status",
]


@dataclass(frozen=True)
class SentApplications:
    """The sent applications once per id, and their events.

    Attributes
    ----------
    rows : ndarray
        Positions in the applications table of the first sent row of each id, in table order
        (what ``drop_duplicates('application_id')`` keeps of the sent rows).
    app_pos : ndarray
        For every application row, the index into ``rows`` of its id (-1 when never sent).
    event_pos : ndarray
        The same for every event (-1 when its application was never sent or is unknown).
    events : DataFrame
        The events of :data:`USED_KINDS` of sent applications, in table order, with
        ``application_id`` replaced by that index.
    """

    rows: np.ndarray
    app_pos: np.ndarray
    event_pos: np.ndarray
    events: pd.DataFrame


def sent_applications(
    events: pd.DataFrame, sent: np.ndarray, app_codes: np.ndarray, event_codes: np.ndarray
) -> SentApplications:
    """The :class:`SentApplications` of a search: ``sent`` is a mask over its applications,
    ``app_codes`` and ``event_codes`` the id codes of
    :func:`~jobsearch_analytics.metrics._derive.id_codes`."""
    sent_rows = np.flatnonzero(sent)
    rows = sent_rows[~pd.Series(app_codes[sent_rows]).duplicated().to_numpy()]
    # Position among `rows` of every id code; the extra last slot answers code -1.
    position = np.full(int(app_codes.max(initial=-1)) + 2, -1, dtype="int64")
    position[app_codes[rows]] = np.arange(len(rows))
    app_pos, event_pos = position[app_codes], position[event_codes]
    keep = kind_mask(events, USED_KINDS) & (event_pos >= 0)
    coded = events.loc[keep, ["date", "kind", "channel", "round"]]
    coded.insert(0, "application_id", event_pos[keep])
    return SentApplications(rows, app_pos, event_pos, coded)


def _interview_rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (application, round) with the interview's date, sorted by both.

    When any interview of an application has no round, that application's interviews are
    numbered by date order instead (a tracker either numbers its rounds or does not); the date
    of a round is the earliest known one.
    """
    iv = events.loc[kind_mask(events, {"interview"}), ["application_id", "date", "round"]]
    iv = iv.sort_values(["application_id", "date", "round"], na_position="last", kind="stable")
    unnumbered = iv["round"].isna().groupby(iv["application_id"]).transform("any")
    order = iv.groupby("application_id").cumcount() + 1
    rnd = iv["round"].astype("float64").where(~unnumbered.to_numpy(), order.astype("float64"))
    iv = iv.assign(round=rnd.astype("int64"))
    return iv.groupby(["application_id", "round"], as_index=False, sort=True)["date"].min()


def _attach(ivs: pd.DataFrame, events: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Attach events of ``kind`` to interviews: by round when it names an interview of the
    application; otherwise to its latest interview on or before the event's date (of several
    that day, the highest round); an undated event with no matching round goes to the
    application's only interview (and stays unattached when there are several).

    Returns one row per attached event, ``application_id, round, date, channel``, in the order
    a note counts as "first": by date (undated last), those attached by round first, then
    events naming no round before those naming a round no interview has, then as listed.
    """
    ev = events.loc[kind_mask(events, {kind}), ["application_id", "date", "round", "channel"]]
    ev = ev.reset_index(drop=True).assign(channel=lambda f: f["channel"].astype("object"))
    keys = ivs[["application_id", "round"]].assign(_hit=True)
    by_round = ev[ev["round"].notna()].assign(round=lambda f: f["round"].astype("int64"))
    by_round = by_round.merge(keys, on=["application_id", "round"], how="left")
    matched = by_round[by_round["_hit"].eq(True)].drop(columns="_hit")
    rest = pd.concat(
        [ev[ev["round"].isna()], by_round[by_round["_hit"].ne(True)].drop(columns="_hit")]
    )
    parts = [matched]
    dated = rest[rest["date"].notna()].sort_values("date", kind="stable")
    known = ivs[ivs["date"].notna()].sort_values(["date", "round"], kind="stable")
    if len(dated) and len(known):
        asof = pd.merge_asof(
            dated.drop(columns="round"),
            known.astype({"application_id": "int64"}),
            on="date",
            by="application_id",
            direction="backward",
        )
        parts.append(asof[asof["round"].notna()])
    undated = rest[rest["date"].isna()]
    if len(undated):
        counts = ivs.groupby("application_id")["round"].agg(["size", "min"])
        only = counts.loc[counts["size"] == 1, "min"].rename("round")
        parts.append(
            undated.drop(columns="round").merge(
                only, left_on="application_id", right_index=True, how="inner"
            )
        )
    columns = ["application_id", "round", "date", "channel"]
    out = pd.concat([p[columns] for p in parts], ignore_index=True)
    out = out.astype({"round": "int64"}).sort_values("date", na_position="last", kind="stable")
    return out.reset_index(drop=True)


def _first_notes(ivs: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """``ivs`` with the thank-you and next-steps columns of the interview table."""
    keys = ["application_id", "round"]
    notes = _attach(ivs, events, "thank_you")
    first = notes.groupby(keys, sort=False).agg(
        thank_you_date=("date", "min"), thank_you_channel=("channel", "first")
    )
    asked = _attach(ivs, events, "next_steps_asked").groupby(keys).size().rename("_asked")
    out = ivs.join(first, on=keys).join(asked, on=keys)
    out["thank_you"] = pd.MultiIndex.from_frame(out[keys]).isin(first.index)
    out["thank_you_date"] = out["thank_you_date"].astype("datetime64[ns]")
    # Whole days, as Timedelta.days counts them (NaN when either date is unknown).
    out["thank_you_delay"] = (out["thank_you_date"] - out["date"]).dt.days.astype("float64")
    out["next_steps_asked"] = out["_asked"].notna()
    return out.drop(columns="_asked")


def _positions_with(events: pd.DataFrame, kinds: set[str] | frozenset[str], n: int) -> np.ndarray:
    """Whether each sent application (by position) has an event of ``kinds``."""
    out = np.zeros(n, dtype=bool)
    out[events.loc[kind_mask(events, kinds), "application_id"].to_numpy()] = True
    return out


def interview_table(
    search: JobSearch,
    sent: SentApplications,
    stage: np.ndarray,
    today: pd.Timestamp,
    pending_days: int,
) -> pd.DataFrame:
    """The interview table (columns and rules in
    :func:`~jobsearch_analytics.metrics.after_interview.interviews`)."""
    events, n = sent.events, len(sent.rows)
    out = _first_notes(_interview_rows(events), events)
    outcome = search.applications["outcome"].astype("object").iloc[sent.rows].to_numpy()
    offered = _positions_with(events, OFFER_KINDS, n) | (stage[sent.rows] >= STAGES.index("offer"))
    # A rejection or ghosted mark decides an interview only when it came on or after it (a
    # "ghosted" mark set before a late reply says nothing about the interviews that followed).
    ends = events[kind_mask(events, {"rejection", "ghosted"})]
    end_last = ends.groupby("application_id")["date"].max().reindex(range(n))
    ended = _positions_with(ends[ends["date"].isna()], {"rejection", "ghosted"}, n)
    ended |= np.isin(outcome, ["rejected", "ghosted"])
    withdrew = _positions_with(events, {"withdrawal"}, n) | (outcome == "withdrawn")

    app = out["application_id"].to_numpy()
    date = out["date"].to_numpy(dtype="datetime64[ns]")
    last_round = out.groupby("application_id")["round"].transform("max").to_numpy()
    rnd = out["round"].to_numpy()
    reached = (rnd < last_round) | ((rnd == last_round) & offered[app])
    decided = reached | ended[app] | (end_last.to_numpy(dtype="datetime64[ns]")[app] >= date)
    undated = np.isnat(date)
    recent = undated | (date > (today - pd.Timedelta(days=pending_days)).to_datetime64())
    status = np.select(
        [reached, withdrew[app], decided, undated, recent],
        ["counted", "withdrew", "counted", "undated", "pending"],
        default="counted",
    )
    out["reached_next"] = reached
    out["status"] = pd.array(status, dtype="str")
    # Positions back to the ids; `position` stays for the metrics that join on it.
    ids = search.applications["application_id"].iloc[sent.rows[app]]
    out.insert(len(out.columns), "position", app)
    out["application_id"] = pd.array(ids.to_numpy(), dtype=ids.dtype)
    return out[[*_COLUMNS, "position"]].reset_index(drop=True)
