"""Seasonal intensity profiles and time sampling.

Purchases follow a non-homogeneous Poisson process. Given a customer's number of events in
an interval [a, b], the event times are independent draws from the intensity restricted to
[a, b]; we draw them by inverting the cumulative daily intensity (month, weekday and holiday
weights), then pick the time of day from an hourly profile.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

DAY = 86_400
HOUR = 3_600

MONTH_WEIGHTS: dict[str, tuple[float, ...]] = {
    "standard": (0.92, 0.8, 0.9, 0.92, 0.95, 0.92, 0.95, 0.92, 0.95, 1.0, 1.25, 1.45),
    "gift": (0.35, 0.9, 0.45, 0.55, 0.95, 0.5, 0.45, 0.45, 0.5, 0.7, 1.7, 3.0),
    "deals": (1.5, 0.75, 0.8, 0.85, 0.9, 0.9, 1.45, 0.9, 0.85, 0.95, 1.5, 1.2),
}
WEEKDAY_WEIGHTS = np.array([0.97, 0.97, 0.98, 1.0, 1.03, 0.92, 1.13])  # Monday first
HOURS_ONLINE = np.array(
    [0.35, 0.2, 0.12, 0.08, 0.08, 0.15, 0.35, 0.65, 0.85, 0.95, 1.0, 1.1,
     1.2, 1.1, 1.0, 1.0, 1.05, 1.15, 1.35, 1.6, 1.8, 1.7, 1.25, 0.7]
)  # fmt: skip
HOURS_STORE = np.array(
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6, 0.9, 1.1, 1.3, 1.2, 1.1, 1.1, 1.2, 1.4, 1.5, 1.1,
     0, 0, 0, 0]
)  # fmt: skip
HOURS_EMAIL = np.array(
    [0, 0, 0, 0, 0, 0, 0.3, 0.6, 1.0, 1.2, 1.0, 0.8, 0.6, 0.6, 0.7, 0.8, 0.9, 1.0, 1.0, 0.6,
     0.3, 0, 0, 0]
)  # fmt: skip


def black_friday(year: int) -> dt.date:
    nov1 = dt.date(year, 11, 1)
    first_thursday = 1 + (3 - nov1.weekday()) % 7
    return dt.date(year, 11, first_thursday + 21 + 1)


def daily_weights(profile: str, start: dt.date, days: int) -> np.ndarray:
    """Relative purchase intensity of each day of the window for a seasonal profile."""
    months = MONTH_WEIGHTS[profile]
    out = np.empty(days)
    bf = {}
    for i in range(days):
        d = start + dt.timedelta(days=i)
        if d.year not in bf:
            bf[d.year] = black_friday(d.year)
        w = months[d.month - 1] * WEEKDAY_WEIGHTS[d.weekday()]
        offset = (d - bf[d.year]).days  # days after Black Friday
        md = (d.month, d.day)
        if profile == "standard":
            w *= {0: 2.2, 1: 1.6, 2: 1.4, 3: 1.9}.get(offset, 1.0)
            if d.month == 12 and d.day <= 20:
                w *= 1.1
            w *= {(12, 24): 0.5, (12, 25): 0.35, (12, 26): 0.45, (12, 31): 0.6, (1, 1): 0.5}.get(
                md, 1.0
            )
        elif profile == "gift":
            w *= {0: 1.6, 1: 1.3, 2: 1.2, 3: 1.4}.get(offset, 1.0)
            if d.month == 2 and d.day <= 13:
                w *= 1.8
            if d.month == 5 and d.day <= 11:
                w *= 1.6
            if d.month == 12:
                w *= 1.4 if d.day <= 21 else 0.25
        else:  # deals
            w *= {-4: 1.8, -3: 1.8, -2: 1.8, -1: 1.8, 0: 4.5, 1: 2.5, 2: 2.5, 3: 3.5}.get(
                offset, 1.0
            )
            if md == (11, 11):
                w *= 2.0
            if d.month == 7 and d.day in (9, 10):
                w *= 2.5
            if d.month == 1 and 2 <= d.day <= 10:
                w *= 1.5
        out[i] = w
    return out


def hour_cdf(weights: np.ndarray) -> np.ndarray:
    c = np.cumsum(weights, dtype=float)
    return c / c[-1]


class SeasonalSampler:
    """Draw event times in [a, b] (epoch seconds) from a daily intensity profile."""

    def __init__(self, weights: np.ndarray, start_s: int) -> None:
        self.start_s = int(start_s)
        self.days = len(weights)
        self.grid = np.arange(self.days + 1, dtype=float)
        self.cum = np.concatenate([[0.0], np.cumsum(weights)])

    def sample(
        self,
        rng: np.random.Generator,
        a: np.ndarray,
        b: np.ndarray,
        hours: np.ndarray = HOURS_ONLINE,
    ) -> np.ndarray:
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        n = len(a)
        if n == 0:
            return np.empty(0, dtype=np.int64)
        fa = (a - self.start_s) / DAY
        fb = (b - self.start_s) / DAY
        la = np.interp(fa, self.grid, self.cum)
        lb = np.interp(fb, self.grid, self.cum)
        u = la + rng.random(n) * (lb - la)
        d = np.interp(u, self.cum, self.grid)
        smooth = self.start_s + np.floor(d * DAY).astype(np.int64)
        return retime(rng, np.clip(smooth, a, b), a, b, hours, self.start_s)

    def sample_local(
        self,
        rng: np.random.Generator,
        a: np.ndarray,
        b: np.ndarray,
        half_days: float,
        hours: np.ndarray = HOURS_ONLINE,
    ) -> np.ndarray:
        """Draw times in [a, b] at a constant rate, each then moved within +-half_days of
        itself by the daily intensity: weekdays and holidays (Black Friday, the weeks
        before Christmas, Valentine's day) draw purchases from the days around them, but
        the number of purchases in any period much longer than half_days does not follow
        the months' weights. This is the stationary purchase rate the BTYD models assume,
        with its seasonal texture."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        n = len(a)
        if n == 0:
            return np.empty(0, dtype=np.int64)
        fa = (a - self.start_s) / DAY
        fb = (b - self.start_s) / DAY
        centre = fa + rng.random(n) * (fb - fa)
        lo = np.clip(np.maximum(centre - half_days, fa), 0.0, self.days)
        hi = np.clip(np.minimum(centre + half_days, fb), 0.0, self.days)
        la = np.interp(lo, self.grid, self.cum)
        lb = np.interp(hi, self.grid, self.cum)
        u = la + rng.random(n) * (lb - la)
        d = np.interp(u, self.cum, self.grid)
        smooth = self.start_s + np.floor(d * DAY).astype(np.int64)
        return retime(rng, np.clip(smooth, a, b), a, b, hours, self.start_s)


def retime(
    rng: np.random.Generator,
    t: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    hours: np.ndarray,
    start_s: int,
) -> np.ndarray:
    """Keep the day of each time but draw the time of day from an hourly profile.

    Times that would leave [a, b] keep their original value.
    """
    n = len(t)
    if n == 0:
        return t
    day0 = start_s + ((t - start_s) // DAY) * DAY
    hour = np.searchsorted(hour_cdf(hours), rng.random(n), side="right")
    hour = np.minimum(hour, 23)
    cand = day0 + hour * HOUR + rng.integers(0, HOUR, n)
    ok = (cand >= a) & (cand <= b)
    return np.where(ok, cand, t).astype(np.int64)
