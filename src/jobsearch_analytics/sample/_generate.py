"""The seeded, vectorised generator of true job searches (canonical tables)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from jobsearch_analytics.model import (
    APPLICATION_COLUMNS,
    CHANNELS,
    EVENT_COLUMNS,
    EVENT_KINDS,
    OUTCOMES,
    REPLY_KINDS,
    STAGE_OF_EVENT,
    STAGES,
    JobSearch,
)
from jobsearch_analytics.sample import _vocab as V
from jobsearch_analytics.sample._effects import ANNUAL_FACTOR, Effects

__all__ = ["STATUS_TEXTS", "SampleSearch", "generate"]

_KIND = {k: i for i, k in enumerate(EVENT_KINDS)}
_CHAN = {c: i for i, c in enumerate(CHANNELS)}
_STAGE_RANK = np.array([STAGES.index(STAGE_OF_EVENT[k]) for k in EVENT_KINDS], dtype=np.int8)
_IS_REPLY = np.array([k in REPLY_KINDS for k in EVENT_KINDS])
_WEEKDAY_WEIGHTS = np.array([1.0, 1.0, 0.9, 0.8, 0.6, 0.15, 0.25])

#: Status cell texts the generator writes, by situation: the first is the most common. The
#: keys name the truth they stand for (outcome, or stage when open).
STATUS_TEXTS: dict[str, tuple[str, ...]] = {
    "accepted": ("Accepted", "Offer accepted"),
    "declined": ("Offer declined", "Declined"),
    "withdrawn": ("Withdrawn", "Withdrew"),
    "rejected": ("Rejected", "rejected", "Rejection", "Not selected"),
    "ghosted": ("Ghosted", "No Reply", "No response"),
    "open_negotiating": ("Negotiating Offer", "Negotiating"),
    "open_offer": ("Offered", "Offer"),
    "open_interview_3": ("3rd interview", "Final round"),
    "open_interview_2": ("2nd interview", "Second round"),
    "open_interview_1": ("Interview", "1st interview", "Interviewing"),
    "open_screen": ("Phone screen", "Phone Screen", "Screening"),
    "open_responded": ("Responded", "In progress"),
    "open_followed_up": ("Followed up", "Pending"),
    "open_needs_follow_up": ("Requires Followup", "Pending", "Applied"),
    "open_applied": ("Applied", "Pending", "Submitted"),
}


@dataclass(frozen=True)
class SampleSearch:
    """A generated job search: the true canonical tables and the truth that made them.

    Attributes
    ----------
    applications, events : DataFrame
        Canonical tables (:data:`~jobsearch_analytics.model.APPLICATION_COLUMNS`,
        :data:`~jobsearch_analytics.model.EVENT_COLUMNS`). Every event is dated
        (``date_known`` True); nothing after ``today`` is in them. Provenance columns
        (``source_file``, ``sheet``, ``row``, ``cell``) are empty: this is the truth, not a
        reading of a file.
    effects : Effects
        The planted population parameters.
    today : Timestamp
        The analysis date; applications later than it do not exist yet and events after it
        have not happened.
    seed : int
        The seed it was generated from (writers derive their own randomness from it).
    locale : str
        'us', 'de' or 'cn': places, currency, salary texts and names.

    Examples
    --------
    >>> s = generate(1, n_applications=30)
    >>> s.to_jobsearch().applications.shape[0]
    30
    """

    applications: pd.DataFrame
    events: pd.DataFrame
    effects: Effects
    today: pd.Timestamp
    seed: int = 0
    locale: str = "us"
    start: pd.Timestamp = field(default=pd.Timestamp("2024-01-08"))

    def to_jobsearch(self) -> JobSearch:
        """The truth as a :class:`~jobsearch_analytics.model.JobSearch` (empty load report)."""
        return JobSearch.from_frames(self.applications, self.events)


def _uniform_int(rng: np.random.Generator, lo: int, hi: int, n: int) -> np.ndarray:
    """Integers uniform on ``lo..hi`` inclusive."""
    return rng.integers(lo, hi + 1, size=n, dtype=np.int64)


def _choice(rng: np.random.Generator, weighted: Sequence[tuple[object, float]], n: int):
    p = np.array([w for _, w in weighted], dtype=float)
    return rng.choice(len(weighted), size=n, p=p / p.sum())


def _cat(codes: np.ndarray, categories: Sequence[str]) -> pd.Categorical:
    """A categorical from integer codes (-1 is missing); duplicates in ``categories`` merge."""
    cats = list(categories)
    uniq = list(dict.fromkeys(cats))
    if len(uniq) != len(cats):
        remap = np.array([uniq.index(c) for c in cats] + [-1])
        codes = remap[codes]
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=uniq)


def _format_unique(keys: np.ndarray, mask: np.ndarray, fmt: Callable[..., str]) -> pd.Categorical:
    """Format each distinct row of ``keys`` once (``fmt(*row)``) and spread it over the rows
    where ``mask`` is true; other rows are missing. Keeps 10M-row text cheap."""
    codes = np.full(len(keys), -1, dtype=np.int64)
    if not mask.any():
        return pd.Categorical.from_codes(codes, categories=[])
    sub = keys[mask]
    # one int64 key per row (mixed radix) sorts far faster than np.unique(axis=0)
    low = sub.min(axis=0)
    radix = sub.max(axis=0) - low + 1
    flat = np.zeros(len(sub), dtype=np.int64)
    for j in range(sub.shape[1]):
        flat = flat * radix[j] + (sub[:, j] - low[j])
    _, first, inverse = np.unique(flat, return_index=True, return_inverse=True)
    codes[mask] = inverse.reshape(-1)
    texts = [fmt(*(int(v) for v in row)) for row in sub[first]]
    return _cat(codes, texts)


def _activity_days(rng: np.random.Generator, n: int, weeks: int, eff: Effects) -> np.ndarray:
    """Day offsets of ``n`` applications: bursty weeks, a few pauses, quiet weekends."""
    week_w = rng.gamma(eff.weekly_activity_shape, 1.0, size=weeks)
    for _ in range(eff.n_pauses):
        length = int(rng.integers(eff.pause_weeks[0], eff.pause_weeks[1] + 1))
        if weeks - length > 1:
            begin = int(rng.integers(1, weeks - length))
            week_w[begin : begin + length] = 0.0
    if week_w.sum() == 0:
        week_w[0] = 1.0
    day_w = np.repeat(week_w, 7) * np.tile(_WEEKDAY_WEIGHTS, weeks)
    counts = rng.multinomial(n, day_w / day_w.sum())
    return np.repeat(np.arange(weeks * 7, dtype=np.int64), counts)


def _ids(n: int) -> np.ndarray:
    width = max(4, len(str(max(n - 1, 0))))
    return np.array([f"app-{i:0{width}d}" for i in range(n)], dtype=object)


class _Events:
    """Collects event chunks as parallel compact integer arrays."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(self, mask, day, kind, channel=None, rnd=None, note=None) -> None:
        idx = np.flatnonzero(mask)
        k = len(idx)
        if not k:
            return

        def pick(x, default):
            if x is None:
                return np.full(k, default, dtype=np.int8)
            x = np.asarray(x)
            return np.full(k, int(x), dtype=np.int8) if x.ndim == 0 else x[idx].astype(np.int8)

        self.parts.append(
            (
                idx.astype(np.int32),
                np.asarray(day)[idx].astype(np.int32),
                np.full(k, _KIND[kind], dtype=np.int8),
                pick(channel, -1),
                pick(rnd, 0),
                pick(note, -1),
            )
        )

    def arrays(self) -> tuple[np.ndarray, ...]:
        out = tuple(np.concatenate(col) for col in zip(*self.parts, strict=True))
        self.parts = []
        return out


def generate(
    seed: int = 0,
    *,
    n_applications: int = 200,
    start: str = "2024-01-08",
    weeks: int = 16,
    effects: Effects | None = None,
    today: str | pd.Timestamp | None = None,
    locale: str = "us",
) -> SampleSearch:
    """Generate a realistic job search with planted effects (see :class:`Effects`).

    Parameters
    ----------
    seed : int
        Seed of the ``PCG64`` generator; the same seed and arguments give identical frames.
    n_applications : int
        Applications sent over the ``weeks`` weeks from ``start`` (fewer when ``today`` falls
        before some of them: those have not happened yet).
    start : str
        First day of the search.
    weeks : int
        Length of the search in weeks (bursty weeks, ``Effects.n_pauses`` pauses).
    effects : Effects, optional
        The planted truth; ``Effects()`` by default.
    today : str or Timestamp, optional
        Analysis date. Default: 14 days after the last application, so recent applications
        are still open (censored).
    locale : {'us', 'de', 'cn'}
        Places, currency, salary texts, company names and (for 'cn') role titles.

    Returns
    -------
    SampleSearch

    Examples
    --------
    >>> s = generate(0, n_applications=50)
    >>> len(s.applications), bool(s.events["date_known"].all())
    (50, True)
    >>> s.today == s.applications["date_applied"].max() + pd.Timedelta(days=14)
    True
    """
    eff = effects if effects is not None else Effects()
    if locale not in V.LOCATIONS:
        raise ValueError(f"locale must be one of {sorted(V.LOCATIONS)}, got {locale!r}")
    if n_applications < 1 or weeks < 1:
        raise ValueError("n_applications and weeks must be positive")
    # Every step draws from one stream in a fixed order: the order is part of the output (the
    # same seed must keep giving the same search), so steps are not reordered.
    rng = np.random.Generator(np.random.PCG64(seed))
    start_ts = pd.Timestamp(start).normalize()
    applied, today_day = _application_days(rng, n_applications, weeks, eff, start_ts, today)
    draw = _Draw(rng, eff, len(applied), applied, today_day)
    jobs = _jobs(draw, locale)
    salary = _posted_salary(draw, locale, jobs)
    contacts = _contact_columns(draw, jobs)
    initial, final, skill_gaps = _timeline(draw, jobs, salary)
    story = _Story.of(draw)
    status_raw = _status_texts(draw, story)  # the last draw
    offer_initial = np.where(story.has("offer"), initial, np.nan)
    offer_final = np.where(
        story.has("offer"), np.where(story.has("negotiation"), final, initial), np.nan
    )
    dates = start_ts.to_datetime64().astype("datetime64[ns]")
    ids = _ids(draw.n)
    apps = _canonical(
        APPLICATION_COLUMNS,
        draw.n,
        {
            "application_id": ids,
            **jobs.columns(),
            **contacts,
            "date_applied": dates + applied.astype("timedelta64[D]"),
            "stage": pd.Categorical.from_codes(story.stage.astype(np.int64), dtype=_stage_dtype()),
            "outcome": _cat(story.outcome, OUTCOMES),
            "status_raw": status_raw,
            **salary.columns(jobs.currency),
            "offer_initial": offer_initial,
            "offer_final": offer_final,
            "offer_currency": _cat(np.where(story.has("offer"), 0, -1), [jobs.currency]),
            "skill_gaps": skill_gaps,
        },
    )
    return SampleSearch(
        applications=apps,
        events=story.events(ids, dates, skill_gaps),
        effects=eff,
        today=start_ts + pd.Timedelta(days=today_day),
        seed=seed,
        locale=locale,
        start=start_ts,
    )


def _application_days(
    rng: np.random.Generator,
    n_applications: int,
    weeks: int,
    eff: Effects,
    start_ts: pd.Timestamp,
    today: str | pd.Timestamp | None,
) -> tuple[np.ndarray, int]:
    """Day offsets of the applications sent by ``today``, and ``today``'s offset."""
    applied = _activity_days(rng, n_applications, weeks, eff)
    if today is None:
        return applied, int(applied.max()) + 14
    today_day = (pd.Timestamp(today).normalize() - start_ts).days
    applied = applied[applied <= today_day]
    if not len(applied):
        raise ValueError("no application falls on or before `today`")
    return applied, today_day


@dataclass
class _Draw:
    """One search being drawn: the random stream, the planted effects, the day offsets of the
    applications (``applied``) and of ``today``, and the events drawn so far (days counted
    from each application's own day)."""

    rng: np.random.Generator
    eff: Effects
    n: int
    applied: np.ndarray
    today_day: int
    ev: _Events = field(default_factory=_Events)


@dataclass
class _Jobs:
    """Who, what and where: the jobs applied to, as codes into their vocabularies."""

    referral: np.ndarray
    source: np.ndarray
    source_names: list[str]
    company: np.ndarray
    pool: Sequence[str]
    slugs: list[str]
    fam: np.ndarray
    role_code: np.ndarray
    role_names: list[str]
    loc: np.ndarray
    places: Sequence[tuple[str, float, float]]
    currency: str
    mid: np.ndarray  # the job's annual pay, in the locale's currency

    def columns(self) -> dict[str, object]:
        return {
            "company": _cat(self.company, self.pool),
            "role": _cat(self.role_code, self.role_names),
            "location": _cat(self.loc, [pl for pl, _, _ in self.places]),
            "source": _cat(self.source, self.source_names),
            "referral": pd.array(self.referral, dtype="boolean"),
        }


def _jobs(draw: _Draw, locale: str) -> _Jobs:
    rng, n, eff = draw.rng, draw.n, draw.eff
    referral = rng.random(n) < eff.referral_share
    cold_names = [s for s, _ in V.SOURCES_COLD]
    source_names = cold_names + [s for s, _ in V.SOURCES_REFERRAL if s not in cold_names]
    cold_src = _choice(rng, V.SOURCES_COLD, n)
    ref_src = np.array([source_names.index(s) for s, _ in V.SOURCES_REFERRAL])[
        _choice(rng, V.SOURCES_REFERRAL, n)
    ]
    source = np.where(referral, ref_src, cold_src)

    pool = {"us": V.COMPANIES_US, "de": V.COMPANIES_DE, "cn": V.COMPANIES_CN}[locale]
    order = rng.permutation(len(pool))
    weights = 1.0 / np.arange(1, len(pool) + 1) ** 0.6
    company = order[rng.choice(len(pool), size=n, p=weights / weights.sum())]
    slugs = [
        "".join(ch for ch in c.lower() if ch.isascii() and ch.isalnum()) or f"co{i}"
        for i, c in enumerate(pool)
    ]

    fam = rng.choice(len(V.ROLE_FAMILIES), size=n, p=np.array(V.FAMILY_WEIGHTS))
    n_titles = np.array([len(f[2]) for f in V.ROLE_FAMILIES])
    title = (rng.random(n) * n_titles[fam]).astype(np.int64)
    sen = _choice(rng, [(s, p) for s, _, p in V.SENIORITY], n)
    role_code = (fam * 4 + title) * len(V.SENIORITY) + sen

    places = V.LOCATIONS[locale]
    loc = _choice(rng, [(p, w) for p, _, w in places], n)
    currency, cur_factor = V.CURRENCY[locale]
    base = np.array([f[1] for f in V.ROLE_FAMILIES])[fam]
    mid = (
        base
        * np.array([f for _, f, _ in V.SENIORITY])[sen]
        * np.array([f for _, f, _ in places])[loc]
        * cur_factor
        * rng.lognormal(0.0, 0.08, size=n)
    )
    return _Jobs(
        referral,
        source,
        source_names,
        company,
        pool,
        slugs,
        fam,
        role_code,
        _role_names(locale),
        loc,
        places,
        currency,
        mid,
    )


def _role_names(locale: str) -> list[str]:
    """Role titles by code ``(family * 4 + title) * len(SENIORITY) + seniority``."""
    role_names: list[str] = []
    for fname, _, titles, _ in V.ROLE_FAMILIES:
        for t in range(4):
            for prefix, _, _ in V.SENIORITY:
                name = titles[min(t, len(titles) - 1)]
                if locale == "cn":
                    role_names.append(V.SENIORITY_CN[prefix] + V.ROLES_CN[fname])
                elif locale == "de":
                    role_names.append(f"{prefix}{name} (m/w/d)")
                else:
                    role_names.append(prefix + name)
    return role_names


@dataclass
class _Salary:
    """The posted salary: whether one was posted, its text, figures and period."""

    posted: np.ndarray
    text: pd.Categorical
    period: pd.Categorical
    min: np.ndarray
    max: np.ndarray
    factor: np.ndarray  # to annual

    def columns(self, currency: str) -> dict[str, object]:
        return {
            "salary_text": self.text,
            "salary_min": self.min,
            "salary_max": self.max,
            "salary_currency": _cat(np.where(self.posted, 0, -1), [currency]),
            "salary_period": self.period,
            "salary_annual_min": self.min * self.factor,
            "salary_annual_max": self.max * self.factor,
        }


def _posted_salary(draw: _Draw, locale: str, jobs: _Jobs) -> _Salary:
    rng, n, mid = draw.rng, draw.n, jobs.mid
    posted = rng.random(n) < draw.eff.p_salary_posted
    half_width = rng.uniform(0.08, 0.25, size=n)
    lo_y, hi_y = mid * (1 - half_width), mid * (1 + half_width)
    formats = _SALARY_FORMATS[locale]
    fmt = _choice(rng, [(f, w) for f, w, _, _ in formats], n)
    factor = np.array([ANNUAL_FACTOR[p] for _, _, p, _ in formats])[fmt]
    unit = np.array([u for _, _, _, u in formats])[fmt]
    single = np.array([f.startswith("single") for f, _, _, _ in formats])[fmt]
    s_min = np.round(np.where(single, mid, lo_y) / factor / unit) * unit
    s_max = np.round(np.where(single, mid, hi_y) / factor / unit) * unit
    s_max = np.where(single, s_min, np.maximum(s_max, s_min + unit))
    key = np.stack([fmt, s_min.astype(np.int64), s_max.astype(np.int64)], axis=1)
    salary_text = _format_unique(key, posted, _salary_formatter(locale))
    unposted = rng.choice(len(_UNPOSTED), size=n, p=[w for _, w in _UNPOSTED])
    no_text = ~posted & (unposted == 0)
    salary_text = _merge_text(salary_text, ~posted & ~no_text, unposted, [t for t, _ in _UNPOSTED])
    return _Salary(
        posted,
        salary_text,
        _cat(np.where(posted, fmt, -1), list(periods_for(formats))),
        np.where(posted, s_min, np.nan),
        np.where(posted, s_max, np.nan),
        factor,
    )


def _contact_columns(draw: _Draw, jobs: _Jobs) -> dict[str, object]:
    """Contacts (recruiters and referrers), job ids, posting URLs, notes and resumes."""
    rng, n, referral, slugs = draw.rng, draw.n, jobs.referral, jobs.slugs
    is_recruiter = jobs.source == jobs.source_names.index("Recruiter")
    has_contact = referral | is_recruiter | (rng.random(n) < 0.1)
    first = rng.integers(0, len(V.FIRST_NAMES), size=n)
    last = rng.integers(0, len(V.LAST_NAMES), size=n)
    contact_name = _format_unique(
        np.stack([first, last], axis=1),
        has_contact,
        lambda a, b: f"{V.FIRST_NAMES[a]} {V.LAST_NAMES[b]}",
    )
    has_email = has_contact & (referral | (rng.random(n) < 0.5))
    contact_email = _format_unique(
        np.stack([first, last, jobs.company], axis=1),
        has_email,
        lambda a, b, c: (
            f"{V.FIRST_NAMES[a].lower()}.{V.LAST_NAMES[b].lower()}@{slugs[c]}.example.com"
        ),
    )
    has_phone = has_contact & (is_recruiter | (rng.random(n) < 0.3))
    phone = np.stack(
        [rng.integers(0, len(V.AREA_CODES), size=n), rng.integers(0, 100, size=n)], axis=1
    )
    contact_phone = _format_unique(
        phone, has_phone, lambda a, x: f"({V.AREA_CODES[a]}) 555-01{x:02d}"
    )
    job_num = rng.integers(1_000_000, 10_000_000, size=n).tolist()
    has_job_id = (rng.random(n) < 0.4).tolist()
    has_url = (rng.random(n) < 0.85).tolist()
    job_id = np.array(
        [f"R{j}" if h else np.nan for j, h in zip(job_num, has_job_id, strict=True)], dtype=object
    )
    url = np.array(
        [
            f"https://careers.{slugs[c]}.example.com/jobs/{j}" if h else np.nan
            for c, j, h in zip(jobs.company.tolist(), job_num, has_url, strict=True)
        ],
        dtype=object,
    )
    note = np.where(rng.random(n) < V.NOTE_SHARE, rng.integers(0, len(V.NOTES), size=n), -1)
    resume = rng.integers(0, len(V.RESUMES), size=n)
    return {
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
        "url": url,
        "job_id": job_id,
        "resume_version": _cat(resume, V.RESUMES),
        "notes": _cat(note, V.NOTES),
    }


# ---------------------------------------------------------------------------------------------
# what happened to each application (days counted from the day it was sent)


@dataclass
class _Path:
    """Where each application stands after the employer's first answer: still in the running
    (``cont``), screened and passed, and when it was rejected (-1: not rejected)."""

    reply_day: np.ndarray
    cont: np.ndarray
    screen: np.ndarray
    passed: np.ndarray
    screen_day: np.ndarray
    rej_day: np.ndarray
    rej_after_interview: np.ndarray


def _timeline(
    draw: _Draw, jobs: _Jobs, salary: _Salary
) -> tuple[np.ndarray, np.ndarray, pd.Categorical]:
    """Every step of every application into ``draw.ev``; returns the initial and final offer
    figures and the skill gaps noted."""
    reply_day, has_reply = _first_reply(draw, jobs.referral)
    path = _first_answer(draw, reply_day, has_reply)
    offer_mask, offer_day = _interview_rounds(draw, path)
    initial, final = _offers(draw, jobs, salary, offer_mask, offer_day)
    return initial, final, _feedback(draw, jobs, path)


def _first_reply(draw: _Draw, referral: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The employer's first reply (a cure model, hastened by a follow-up), the follow-ups and
    the day silence is marked as ghosting."""
    rng, n, eff, ev = draw.rng, draw.n, draw.eff, draw.ev
    p = np.where(referral, eff.p_response_referral, eff.p_response_cold)
    mu, sigma = np.log(eff.median_days_to_reply), eff.sigma_days_to_reply
    would = rng.random(n) < p
    t = np.where(would, np.exp(mu + sigma * rng.standard_normal(n)), np.inf)
    plan = rng.random(n) < eff.p_follow_up
    f_day = _uniform_int(rng, eff.follow_up_day_min, eff.follow_up_day_max, n)
    fu1 = plan & (t > f_day)
    s0_f = 1.0 - p * ndtr((np.log(f_day) - mu) / sigma)
    target = s0_f * rng.random(n) ** (1.0 / eff.followup_multiplier)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_fu = np.where(target > 1.0 - p, np.exp(mu + sigma * ndtri((1.0 - target) / p)), np.inf)
    t = np.where(fu1, t_fu, t)
    has_reply = np.isfinite(t)
    reply_day = np.where(has_reply, np.ceil(np.where(has_reply, t, 0)), 10**6).astype(np.int64)

    ev.add(np.ones(n, bool), draw.applied * 0, "applied", channel=_CHAN["portal"])
    fu_chan = np.array([_CHAN[c] for c, _ in eff.follow_up_channels])
    ev.add(fu1, f_day, "follow_up", channel=fu_chan[_choice(rng, eff.follow_up_channels, n)])
    f2_day = f_day + _uniform_int(rng, *eff.second_follow_up_gap, n)
    fu2 = fu1 & (rng.random(n) < eff.p_second_follow_up) & (reply_day > f2_day)
    ev.add(
        fu2,
        f2_day,
        "follow_up",
        channel=fu_chan[_choice(rng, eff.follow_up_channels, n)],
        note=np.zeros(n, np.int64),
    )
    g_day = _uniform_int(rng, *eff.ghost_mark_days, n)
    ev.add(reply_day > g_day, g_day, "ghosted")
    return reply_day, has_reply


def _first_answer(draw: _Draw, reply_day: np.ndarray, has_reply: np.ndarray) -> _Path:
    """A reply is a rejection or a response; a response may be withdrawn from, or lead to a
    screen that is passed or failed."""
    rng, n, eff, ev = draw.rng, draw.n, draw.eff, draw.ev
    ghost_lo, ghost_hi = eff.ghost_mark_days
    rej_reply = has_reply & (rng.random(n) < eff.p_rejection_given_reply)
    pos = has_reply & ~rej_reply
    reply_chan = np.where(rng.random(n) < 0.75, _CHAN["email"], _CHAN["phone"])
    ev.add(rej_reply, reply_day, "rejection", channel=reply_chan)
    ev.add(pos, reply_day, "response", channel=reply_chan)
    rej_day = np.where(rej_reply, reply_day, -1)

    withdraw = pos & (rng.random(n) < eff.p_withdraw)
    ev.add(withdraw, reply_day + _uniform_int(rng, 1, 5, n), "withdrawal", channel=_CHAN["email"])
    cont = pos & ~withdraw
    screen = cont & (rng.random(n) < eff.p_screen)
    screen_day = reply_day + _uniform_int(rng, 2, 7, n)
    ev.add(
        screen,
        screen_day,
        "screen",
        channel=np.where(rng.random(n) < 0.8, _CHAN["phone"], _CHAN["video"]),
    )
    passed = screen & (rng.random(n) < eff.p_screen_pass)
    failed = screen & ~passed
    fail_rej = failed & (rng.random(n) < eff.p_rejection_after_interview)
    fail_day = screen_day + _uniform_int(rng, 2, 10, n)
    ev.add(fail_rej, fail_day, "rejection", channel=_CHAN["email"])
    rej_day = np.where(fail_rej, fail_day, rej_day)
    ev.add(failed & ~fail_rej, screen_day + _uniform_int(rng, ghost_lo, ghost_hi, n), "ghosted")
    return _Path(reply_day, cont, screen, passed, screen_day, rej_day, fail_rej.copy())


def _interview_rounds(draw: _Draw, path: _Path) -> tuple[np.ndarray, np.ndarray]:
    """Up to three interview rounds with thank-you notes and next-steps questions; the last
    round ends in an offer, a failed one in a rejection or silence. Returns who got an offer
    and when."""
    rng, n, eff, ev = draw.rng, draw.n, draw.eff, draw.ev
    ghost_lo, ghost_hi = eff.ghost_mark_days
    n_rounds = rng.choice(3, size=n, p=np.array(eff.p_rounds)) + 1
    active = path.cont & (~path.screen | path.passed)
    day_r = np.where(
        path.screen,
        path.screen_day + _uniform_int(rng, 4, 12, n),
        path.reply_day + _uniform_int(rng, 3, 12, n),
    )
    offer_mask = np.zeros(n, bool)
    offer_day = np.zeros(n, np.int64)
    ty_all = [(c, w) for c, w in eff.thank_you_channels]
    ty_later = [(c, w) for c, w in eff.thank_you_channels if c != "in_person"]
    ty_all_codes = np.array([_CHAN[c] for c, _ in ty_all])
    ty_later_codes = np.array([_CHAN[c] for c, _ in ty_later])
    int_chan = np.array([_CHAN["video"], _CHAN["in_person"], _CHAN["phone"]])
    for r in (1, 2, 3):
        ev.add(
            active,
            day_r,
            "interview",
            rnd=r,
            channel=int_chan[rng.choice(3, size=n, p=[0.5, 0.35, 0.15])],
        )
        ty24 = rng.random(n) < eff.p_thank_you_24h
        late = ~ty24 & (rng.random(n) < eff.p_thank_you_late)
        delay = np.where(ty24, rng.integers(0, 2, size=n), _uniform_int(rng, 2, 5, n))
        ty_chan = np.where(
            delay == 0,
            ty_all_codes[_choice(rng, ty_all, n)],
            ty_later_codes[_choice(rng, ty_later, n)],
        )
        ev.add(active & (ty24 | late), day_r + delay, "thank_you", channel=ty_chan, rnd=r)
        asked = active & (rng.random(n) < eff.p_ask_next_steps)
        ev.add(asked, day_r, "next_steps_asked", rnd=r)
        advance = rng.random(n) < np.where(
            ty24, eff.p_next_round_thank_you_24h, eff.p_next_round_otherwise
        )
        last_round = n_rounds == r
        offered = active & advance & last_round
        offer_mask |= offered
        offer_day = np.where(offered, day_r + _uniform_int(rng, 3, 10, n), offer_day)
        fail = active & ~advance
        fail_rej = fail & (rng.random(n) < eff.p_rejection_after_interview)
        fail_day = day_r + _uniform_int(rng, 3, 14, n)
        ev.add(fail_rej, fail_day, "rejection", channel=_CHAN["email"])
        path.rej_day = np.where(fail_rej, fail_day, path.rej_day)
        path.rej_after_interview |= fail_rej
        ev.add(fail & ~fail_rej, day_r + _uniform_int(rng, ghost_lo, ghost_hi, n), "ghosted")
        active = active & advance & ~last_round
        day_r = day_r + _uniform_int(rng, 5, 14, n)
    return offer_mask, offer_day


def _offers(
    draw: _Draw, jobs: _Jobs, salary: _Salary, offer_mask: np.ndarray, offer_day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Offer figures (the posted range's middle, else near the job's pay), negotiation, and
    the candidate's answer. Returns the initial and final figures of every application."""
    rng, n, eff, ev = draw.rng, draw.n, draw.eff, draw.ev
    posted = salary.posted
    ann_mid = np.where(posted, (salary.min + salary.max) / 2 * salary.factor, np.nan)
    initial = np.where(posted, ann_mid, jobs.mid * rng.uniform(0.9, 1.1, size=n))
    initial = np.round(initial / 500) * 500
    negotiate = offer_mask & (rng.random(n) < eff.p_negotiate)
    neg_day = offer_day + _uniform_int(rng, 1, 4, n)
    raised = negotiate & (rng.random(n) < eff.p_negotiation_success)
    final = np.where(
        raised,
        np.round(initial * (1 + rng.uniform(*eff.negotiation_raise, n)) / 500) * 500,
        initial,
    )
    ev.add(offer_mask, offer_day, "offer", channel=_CHAN["email"])
    ev.add(negotiate, neg_day, "negotiation", channel=_CHAN["phone"])
    decide_day = np.where(negotiate, neg_day, offer_day) + _uniform_int(rng, 2, 7, n)
    accept = rng.random(n) < eff.p_accept
    ev.add(offer_mask & accept, decide_day, "accepted", channel=_CHAN["email"])
    ev.add(offer_mask & ~accept, decide_day, "declined", channel=_CHAN["email"])
    return initial, final


def _feedback(draw: _Draw, jobs: _Jobs, path: _Path) -> pd.Categorical:
    """Feedback asked for after a rejection (more often after an interview) and received;
    the skill gaps it names, or that the person noted, once known by today."""
    rng, n, eff, ev = draw.rng, draw.n, draw.eff, draw.ev
    applied, today_day, fam, rej_day = draw.applied, draw.today_day, jobs.fam, path.rej_day
    rejected = rej_day >= 0
    request = rejected & (
        rng.random(n)
        < np.where(
            path.rej_after_interview,
            eff.p_feedback_request_after_interview,
            eff.p_feedback_request,
        )
    )
    req_day = rej_day + _uniform_int(rng, 0, 3, n)
    received = request & (rng.random(n) < eff.p_feedback_received)
    recv_day = req_day + _uniform_int(rng, 2, 10, n)
    ev.add(request, req_day, "feedback_request", channel=_CHAN["email"])
    n_gaps = np.array([len(f[3]) for f in V.ROLE_FAMILIES])[fam]
    g1 = (rng.random(n) * n_gaps).astype(np.int64)
    g2 = np.where(
        rng.random(n) < 0.4,
        (g1 + 1 + (rng.random(n) * (n_gaps - 1)).astype(np.int64)) % n_gaps,
        -1,
    )
    self_noted = path.rej_after_interview & (rng.random(n) < 0.5)
    gap_known = (received & (applied + recv_day <= today_day)) | (
        self_noted & (applied + rej_day <= today_day)
    )

    def gap_text(f: int, a: int, b: int) -> str:
        gaps = V.ROLE_FAMILIES[f][3]
        return gaps[a] if b < 0 else f"{gaps[a]}; {gaps[b]}"

    skill_gaps = _format_unique(np.stack([fam, g1, g2], axis=1), gap_known, gap_text)
    ev.add(
        received,
        recv_day,
        "feedback_received",
        channel=_CHAN["email"],
        note=np.ones(n, np.int64),
    )
    return skill_gaps


# ---------------------------------------------------------------------------------------------
# what today shows of it


@dataclass
class _Story:
    """The events seen by today, ordered by application, day and kind, and what they make of
    each application: stage, outcome, deepest interview round."""

    app: np.ndarray
    day: np.ndarray
    kind: np.ndarray
    chan: np.ndarray
    rnd: np.ndarray
    note: np.ndarray
    starts: np.ndarray  # first event of each application
    today_day: int
    applied: np.ndarray
    stage: np.ndarray = field(init=False)
    outcome: np.ndarray = field(init=False)

    @classmethod
    def of(cls, draw: _Draw) -> _Story:
        e_app, e_day, e_kind, e_chan, e_round, e_note = draw.ev.arrays()
        e_day = e_day + draw.applied[e_app]
        seen = e_day <= draw.today_day
        cols = [a[seen] for a in (e_app, e_day, e_kind, e_chan, e_round, e_note)]
        order = np.lexsort((cols[2], cols[1], cols[0]))
        cols = [a[order] for a in cols]
        e_app = cols[0]
        starts = np.flatnonzero(np.r_[True, e_app[1:] != e_app[:-1]])
        if len(starts) != draw.n:  # every application has its 'applied' event
            raise AssertionError("internal: an application lost its events")  # pragma: no cover
        return cls(*cols, starts, draw.today_day, draw.applied)

    def __post_init__(self) -> None:
        self.stage = self.per_app_max(_STAGE_RANK[self.kind])
        last_reply = self.per_app_max(np.where(_IS_REPLY[self.kind], self.day, -1))
        last_ghost = self.per_app_max(np.where(self.kind == _KIND["ghosted"], self.day, -1))
        self.outcome = np.select(
            [
                self.has("accepted"),
                self.has("declined"),
                self.has("withdrawal"),
                self.has("rejection"),
                last_ghost > last_reply,
            ],
            [
                OUTCOMES.index(o)
                for o in ("accepted", "declined", "withdrawn", "rejected", "ghosted")
            ],
            OUTCOMES.index("open"),
        )

    def per_app_max(self, values: np.ndarray) -> np.ndarray:
        return np.maximum.reduceat(values, self.starts)

    def has(self, kind: str) -> np.ndarray:
        return self.per_app_max((self.kind == _KIND[kind]).astype(np.int8)).astype(bool)

    def status_key(self) -> np.ndarray:
        """Which entry of :data:`STATUS_TEXTS` each application's status cell comes from."""
        outcome, max_round = (
            self.outcome,
            self.per_app_max(np.where(self.kind == _KIND["interview"], self.rnd, 0)),
        )
        return np.select(
            [
                outcome == OUTCOMES.index("accepted"),
                outcome == OUTCOMES.index("declined"),
                outcome == OUTCOMES.index("withdrawn"),
                outcome == OUTCOMES.index("rejected"),
                outcome == OUTCOMES.index("ghosted"),
                self.has("negotiation"),
                self.has("offer"),
                max_round == 3,
                max_round == 2,
                max_round == 1,
                self.stage == STAGES.index("screen"),
                self.has("response"),
                self.has("follow_up"),
                self.today_day - self.applied >= 7,
            ],
            list(range(14)),
            14,
        )

    def events(self, ids: np.ndarray, start: np.datetime64, skill_gaps: pd.Categorical):
        """The canonical events table."""
        gaps_text = np.asarray(skill_gaps.astype(object), dtype=object)
        note_text = np.full(len(self.app), np.nan, dtype=object)
        note_text[self.note == 0] = "second follow-up"
        sel = self.note == 1
        note_text[sel] = gaps_text[self.app[sel]]
        note_text[sel & pd.isna(note_text)] = "feedback received"
        return _canonical(
            EVENT_COLUMNS,
            len(self.app),
            {
                "application_id": ids[self.app],
                "date": start + self.day.astype("timedelta64[D]"),
                "date_known": np.ones(len(self.app), dtype=bool),
                "kind": pd.Categorical.from_codes(self.kind, categories=list(EVENT_KINDS)),
                "channel": pd.Categorical.from_codes(self.chan, categories=list(CHANNELS)),
                "round": pd.arrays.IntegerArray(self.rnd.astype(np.int64), self.rnd == 0),
                "note": note_text,
            },
        )


def _status_texts(draw: _Draw, story: _Story) -> pd.Categorical:
    """The status cell a person would have typed: the usual spelling 60% of the time."""
    status_key = story.status_key()
    keys = list(STATUS_TEXTS)
    flat: list[str] = []
    first_code = []
    for k in keys:
        first_code.append(len(flat))
        flat.extend(STATUS_TEXTS[k])
    n_var = np.array([len(STATUS_TEXTS[k]) for k in keys])[status_key]
    u = draw.rng.random(draw.n)
    # the first spelling is the usual one; others share the rest equally
    variant = np.where(u < 0.6, 0, 1 + ((u - 0.6) / 0.4 * (n_var - 1)).astype(np.int64))
    variant = np.minimum(variant, n_var - 1)
    return _cat(np.array(first_code)[status_key] + variant, flat)


def _canonical(spec: dict, n: int, data: dict) -> pd.DataFrame:
    """The canonical frame of ``spec`` from ``data`` without copying it twice.

    :func:`~jobsearch_analytics.model.conform` would give the same frame (a test checks it)
    but copies every column, which doubles the peak memory at 10M rows.
    """
    cols: dict[str, object] = {}
    for name, (dtype, _) in spec.items():
        value = data.get(name)
        if value is None:
            if dtype == "Int64":
                value = pd.arrays.IntegerArray(np.zeros(n, np.int64), np.ones(n, bool))
            else:
                value = pd.array(np.full(n, np.nan, dtype=object), dtype=dtype)
        elif isinstance(value, pd.Categorical) and not isinstance(dtype, pd.CategoricalDtype):
            value = pd.Series(value, copy=False).astype(dtype).array
        elif dtype == "str":
            value = pd.array(value, dtype="str")
        cols[name] = value
    frame = pd.DataFrame(cols, copy=False)
    bad = [c for c, (dtype, _) in spec.items() if frame[c].dtype != pd.Series(dtype=dtype).dtype]
    if bad:  # pragma: no cover - a bug in this module
        raise AssertionError(f"internal: non-canonical dtypes for {bad}")
    return frame


def _stage_dtype() -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(STAGES), ordered=True)


def periods_for(formats) -> list[str]:
    return [p for _, _, p, _ in formats]


def _merge_text(
    cat: pd.Categorical, mask: np.ndarray, codes: np.ndarray, texts: Sequence[str]
) -> pd.Categorical:
    """Put ``texts[codes]`` where ``mask`` is true into the categorical ``cat``."""
    cats = list(cat.categories) + list(texts)
    out = np.asarray(cat.codes, dtype=np.int64).copy()
    out[mask] = len(cat.categories) + codes[mask]
    return _cat(out, cats)


# (format name, weight, period, rounding unit in period units) per locale
_SALARY_FORMATS: dict[str, tuple[tuple[str, float, str, float], ...]] = {
    "us": (
        ("year_full", 0.35, "year", 1000),
        ("year_k", 0.2, "year", 1000),
        ("year_short_k", 0.1, "year", 1000),
        ("single_year_plain", 0.1, "year", 1000),
        ("hour_range", 0.1, "hour", 1),
        ("single_hour", 0.05, "hour", 1),
        ("month_range", 0.1, "month", 100),
    ),
    "de": (
        ("year_range", 0.6, "year", 1000),
        ("single_year", 0.2, "year", 1000),
        ("month_range", 0.2, "month", 100),
    ),
    "cn": (("month_k", 0.7, "month", 1000), ("year_wan", 0.3, "year", 10000)),
}

#: Salary cells when no salary was posted: (text, weight); '' is a blank cell.
_UNPOSTED: tuple[tuple[str, float], ...] = (
    ("", 0.4),
    ("Not listed", 0.3),
    ("DOE", 0.2),
    ("Competitive", 0.1),
)


def _salary_formatter(locale: str) -> Callable[[int, int, int], str]:
    def de_num(x: int) -> str:
        return f"{x:,}".replace(",", ".")

    def us(f: int, lo: int, hi: int) -> str:
        name = _SALARY_FORMATS["us"][f][0]
        return {
            "year_full": f"${lo:,}-${hi:,}",
            "year_k": f"${lo // 1000}k-${hi // 1000}k",
            "year_short_k": f"${lo // 1000}-{hi // 1000}k",
            "single_year_plain": f"{lo}",
            "hour_range": f"${lo}-{hi}/hr",
            "single_hour": f"${lo}/hr",
            "month_range": f"${lo:,}-${hi:,} a month",
        }[name]

    def de(f: int, lo: int, hi: int) -> str:
        name = _SALARY_FORMATS["de"][f][0]
        return {
            "year_range": f"{de_num(lo)}–{de_num(hi)} €",
            "single_year": f"{de_num(lo)} €",
            "month_range": f"{de_num(lo)}–{de_num(hi)} € im Monat",
        }[name]

    def cn(f: int, lo: int, hi: int) -> str:
        name = _SALARY_FORMATS["cn"][f][0]
        if name == "month_k":
            return f"{lo // 1000}-{hi // 1000}K"
        return f"{lo // 10000}-{hi // 10000}万/年"

    return {"us": us, "de": de, "cn": cn}[locale]
