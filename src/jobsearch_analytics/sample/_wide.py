"""One wide row per application, as a tracker keeps it, from the true tables."""

from __future__ import annotations

import pandas as pd

from jobsearch_analytics.model import REPLY_KINDS

__all__: list[str] = []


def wide(applications: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Per application (index ``application_id``, the applications' order): the dates and
    facts a spreadsheet tracker has a column for. Missing facts are NaT / NA."""
    ids = applications["application_id"]
    out = pd.DataFrame(index=pd.Index(ids, name="application_id"))
    ev = events.sort_values(["application_id", "date"], kind="stable")
    kind = ev["kind"].astype(str)

    def first(mask: pd.Series, col: str = "date") -> pd.Series:
        return ev[mask].groupby("application_id", sort=False)[col].first().reindex(out.index)

    out["response_date"] = first(kind.isin(REPLY_KINDS))
    out["screen_date"] = first(kind == "screen")
    for r in (1, 2, 3):
        at_r = ev["round"].fillna(0).astype(int) == r
        out[f"interview{r}"] = first((kind == "interview") & at_r)
        out[f"thank_you{r}"] = first((kind == "thank_you") & at_r)
        out[f"thank_you{r}_via"] = first((kind == "thank_you") & at_r, "channel").astype(object)
        out[f"next_steps{r}"] = first((kind == "next_steps_asked") & at_r).notna()
    fu = ev[kind == "follow_up"]
    nth = fu.groupby("application_id", sort=False).cumcount()
    for i in (0, 1):
        sub = fu[nth == i].set_index("application_id")
        out[f"follow_up{i + 1}"] = sub["date"].reindex(out.index)
        out[f"follow_up{i + 1}_via"] = sub["channel"].astype(object).reindex(out.index)
    out["offer_date"] = first(kind == "offer")
    out["negotiated"] = first(kind == "negotiation").notna()
    out["rejection_date"] = first(kind == "rejection")
    out["feedback_requested"] = first(kind == "feedback_request").notna()
    out["feedback_received"] = first(kind == "feedback_received").notna()
    out["last_update"] = ev.groupby("application_id", sort=False)["date"].max().reindex(out.index)
    out["max_round"] = (
        ev[kind == "interview"]
        .groupby("application_id", sort=False)["round"]
        .max()
        .reindex(out.index)
        .fillna(0)
        .astype(int)
    )
    out["asked_next_steps"] = out[["next_steps1", "next_steps2", "next_steps3"]].any(axis=1)
    return out
