"""The planted truth: population parameters of the generator and their analytic consequences."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np
from scipy.special import ndtr

__all__ = ["ANNUAL_FACTOR", "Effects"]

#: Multipliers that turn a salary per period into a yearly figure (40 h weeks, 52 weeks,
#: 260 working days). The generator uses them for ``salary_annual_*``.
ANNUAL_FACTOR: dict[str, float] = {
    "year": 1.0,
    "month": 12.0,
    "week": 52.0,
    "day": 260.0,
    "hour": 2080.0,
}


@dataclass(frozen=True)
class Effects:
    """Planted truth of :func:`~jobsearch_analytics.sample.generate`.

    Every number is a population parameter. Days count from the day of the application
    (day 0); an event on day ``d`` happens ``d`` calendar days after it.

    **Employer reply (the first answer of any kind).** Each application draws a latent
    baseline reply time from a *cure* model: with probability ``p`` (``p_response_referral``
    when referred, ``p_response_cold`` otherwise) the employer would answer after
    ``T ~ LogNormal(log(median_days_to_reply), sigma_days_to_reply)`` days, otherwise never.
    The reply is dated on day ``ceil(T)``, so "replied by day d" (integer ``d``) is exactly
    ``T <= d``. Baseline survival: ``S0(d) = 1 - p * G(d)`` with ``G`` the lognormal CDF.

    **Follow-ups change the reply hazard.** Independently of everything else, with probability
    ``p_follow_up`` the person plans a follow-up on day ``F``, uniform on the integers
    ``follow_up_day_min .. follow_up_day_max`` (7..10). It is sent only when no reply has come
    through day ``F``. From then on the hazard of a reply is multiplied by
    ``followup_multiplier`` (proportional hazards on the cure model), so for ``d > F``::

        P(silent through d | follow-up on F) = S0(F) * (S0(d) / S0(F)) ** followup_multiplier

    and the eventual reply probability of a silent, followed-up application rises from
    ``1 - (1 - p) / S0(F)`` to ``1 - ((1 - p) / S0(F)) ** followup_multiplier``. Hence
    ``p_response_*`` and the lognormal are the *baseline* (no follow-up) law; the analytic
    :meth:`p_reply_by`, :meth:`p_reply_after` and :meth:`p_reply_ever` include the follow-up
    policy. A second follow-up (``p_second_follow_up`` of those still silent
    ``second_follow_up_gap`` days later) has no further effect.

    **What the reply is.** A rejection with probability ``p_rejection_given_reply``, else a
    positive reply (``response`` event) inviting to a phone screen (probability ``p_screen``,
    passed with ``p_screen_pass``) or straight to interview round 1. A positive reply leads to a
    withdrawal instead with probability ``p_withdraw``. The employer's process has 1, 2 or 3
    rounds with probabilities ``p_rounds``.

    **Thank-you notes change the next step.** After each interview round a note is sent within
    24 h (same day or next day, half each) with probability ``p_thank_you_24h``; otherwise it is
    sent 2-5 days later with probability ``p_thank_you_late`` or not at all. The candidate
    reaches the next round (or an offer after the last round) with probability
    ``p_next_round_thank_you_24h`` after a note within 24 h and ``p_next_round_otherwise``
    after a late note or none. Notes go by e-mail, mail or in person (``thank_you_channels``;
    in person only on the day itself). Asking about next steps (``p_ask_next_steps``) has *no*
    effect: a planted null. A candidate who does not advance is rejected with probability
    ``p_rejection_after_interview``, otherwise never hears back.

    **Ghosting as recorded.** When no reply has come, the person marks the application
    ``ghosted`` on a day drawn uniformly in ``ghost_mark_days`` (also after an interview or
    screen with no answer); a later reply, which can still happen, overrides the mark.

    **Offers.** Initial offer = posted salary midpoint (annual) when posted, otherwise the
    role/place midpoint times U(0.9, 1.1), rounded to 500. Negotiated with probability
    ``p_negotiate``; a negotiation raises the offer by U(``negotiation_raise``) with
    probability ``p_negotiation_success``. Accepted with probability ``p_accept``, else
    declined.

    **Feedback.** After a rejection feedback is requested with probability
    ``p_feedback_request`` (``p_feedback_request_after_interview`` when a screen or interview
    happened) and received with ``p_feedback_received``; received feedback names skill gaps.

    **Everything else** (which source, role, company, place, salary posted with probability
    ``p_salary_posted``) has no effect on the outcomes: sources differ only through their
    referral share.

    Examples
    --------
    >>> e = Effects()
    >>> round(e.p_reply_by(0), 3), e.p_reply_by(10_000) > e.p_reply_ever(referral=False)
    (0.0, True)
    >>> round(Effects(p_follow_up=0.0).p_reply_ever(referral=True), 12)
    0.45
    >>> e.ghosting_day() > 7
    True
    """

    p_response_cold: float = 0.15
    p_response_referral: float = 0.45
    referral_share: float = 0.2
    median_days_to_reply: float = 9.0
    sigma_days_to_reply: float = 0.6
    p_rejection_given_reply: float = 0.5
    p_next_round_thank_you_24h: float = 0.60
    p_next_round_otherwise: float = 0.35
    p_thank_you_24h: float = 0.5
    p_thank_you_late: float = 0.4
    p_follow_up: float = 0.4
    followup_multiplier: float = 1.5
    follow_up_day_min: int = 7
    follow_up_day_max: int = 10
    p_second_follow_up: float = 0.35
    second_follow_up_gap: tuple[int, int] = (5, 10)
    follow_up_channels: tuple[tuple[str, float], ...] = (
        ("email", 0.6),
        ("phone", 0.2),
        ("voicemail", 0.2),
    )
    thank_you_channels: tuple[tuple[str, float], ...] = (
        ("email", 0.75),
        ("mail", 0.1),
        ("in_person", 0.15),
    )
    p_ask_next_steps: float = 0.6
    p_screen: float = 0.7
    p_screen_pass: float = 0.65
    p_withdraw: float = 0.05
    p_rounds: tuple[float, float, float] = (0.3, 0.45, 0.25)
    p_rejection_after_interview: float = 0.75
    ghost_mark_days: tuple[int, int] = (28, 42)
    p_negotiate: float = 0.45
    p_negotiation_success: float = 0.8
    negotiation_raise: tuple[float, float] = (0.03, 0.12)
    p_accept: float = 0.5
    p_feedback_request: float = 0.15
    p_feedback_request_after_interview: float = 0.5
    p_feedback_received: float = 0.4
    p_salary_posted: float = 0.6
    weekly_activity_shape: float = 2.0
    n_pauses: int = 2
    pause_weeks: tuple[int, int] = (1, 2)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name.startswith("p_") and isinstance(value, float) and not 0 <= value <= 1:
                raise ValueError(f"Effects.{f.name} must be a probability, got {value!r}")
        if self.followup_multiplier <= 0 or self.sigma_days_to_reply <= 0:
            raise ValueError("followup_multiplier and sigma_days_to_reply must be positive")
        if not 0 < self.follow_up_day_min <= self.follow_up_day_max:
            raise ValueError("need 0 < follow_up_day_min <= follow_up_day_max")
        if abs(sum(self.p_rounds) - 1) > 1e-9:
            raise ValueError("p_rounds must sum to 1")

    # -- analytic truth ---------------------------------------------------------------------

    def _g(self, day: float) -> float:
        if day <= 0:
            return 0.0
        z = (math.log(day) - math.log(self.median_days_to_reply)) / self.sigma_days_to_reply
        return float(ndtr(z))

    def _survival(self, day: float, p: float) -> float:
        """P(no reply through day ``day``) for one group, follow-up policy included."""

        def s0(t: float) -> float:
            return 1.0 - p * (1.0 if math.isinf(t) else self._g(t))

        sd = s0(day)
        days = range(self.follow_up_day_min, self.follow_up_day_max + 1)
        with_fu = 0.0
        for f in days:
            if day <= f:
                with_fu += sd
            else:
                sf = s0(f)
                with_fu += sf * (sd / sf) ** self.followup_multiplier
        with_fu /= len(days)
        return (1 - self.p_follow_up) * sd + self.p_follow_up * with_fu

    def _mix(self, day: float, referral: bool | None) -> float:
        day = math.inf if math.isinf(day) else float(math.floor(day))
        if referral is None:
            r = self.referral_share
            return r * self._survival(day, self.p_response_referral) + (1 - r) * self._survival(
                day, self.p_response_cold
            )
        return self._survival(day, self.p_response_referral if referral else self.p_response_cold)

    def p_reply_by(self, day: float, *, referral: bool | None = None) -> float:
        """Analytic P(first employer reply on or before day ``day``), follow-ups included.

        ``referral=None`` is the population mix (``referral_share`` referred); True/False
        restricts to referred / cold applications. Non-integer days are floored (replies are
        dated by day).

        Examples
        --------
        >>> e = Effects(p_follow_up=0.0)
        >>> round(e.p_reply_by(9, referral=False), 4)  # half of the eventual 15% by the median
        0.075
        """
        return 1.0 - self._mix(day, referral)

    def p_reply_ever(self, *, referral: bool | None = None) -> float:
        """Analytic P(any employer reply, ever), follow-ups included.

        Examples
        --------
        >>> round(Effects(p_follow_up=0.0, referral_share=0.5).p_reply_ever(), 3)
        0.3
        """
        return 1.0 - self._mix(math.inf, referral)

    def p_reply_after(self, day: float, *, referral: bool | None = None) -> float:
        """Analytic P(eventual reply | no reply through day ``day``).

        Examples
        --------
        >>> e = Effects()
        >>> e.p_reply_after(30) < e.p_reply_after(10) < e.p_reply_after(0)
        True
        """
        s = self._mix(day, referral)
        return (s - self._mix(math.inf, referral)) / s

    def ghosting_day(self, threshold: float = 0.05, *, referral: bool | None = None) -> int:
        """First whole day ``d`` with ``p_reply_after(d) < threshold``: silence past it is
        "ghosted" with less than ``threshold`` chance of a reply still coming.

        Examples
        --------
        >>> e = Effects()
        >>> d = e.ghosting_day(0.05)
        >>> e.p_reply_after(d) < 0.05 <= e.p_reply_after(d - 1)
        True
        """
        if not 0 < threshold < 1:
            raise ValueError("threshold must be in (0, 1)")
        for d in range(0, 100_000):
            if self.p_reply_after(d, referral=referral) < threshold:
                return d
        raise ValueError("no ghosting day below 100000 days")  # pragma: no cover

    def p_reply_by_days(self, days: np.ndarray, *, referral: bool | None = None) -> np.ndarray:
        """:meth:`p_reply_by` for an array of days (a convenience for curves).

        Examples
        --------
        >>> Effects().p_reply_by_days(np.array([0, 5])).shape
        (2,)
        """
        return np.array([self.p_reply_by(float(d), referral=referral) for d in days])
