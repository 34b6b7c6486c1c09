"""Generator configuration: latent customer archetypes and run options."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import reference as ref

# Tables of the raw input contract, in the order they are written.
ALL_TABLES: tuple[str, ...] = (
    "customers",
    "orders",
    "order_items",
    "products",
    "web_sessions",
    "survey_responses",
    "email_events",
    "consents",
    "social_interactions",
)
REQUIRED_TABLES: tuple[str, ...] = ("customers", "orders")
FORMATS: tuple[str, ...] = ("csv", "parquet")
DEFAULT_DIRT_RATE = 0.02  # used by --dirty
MAX_DIRT_RATE = 0.05  # each dirt kind gets its own disjoint rows; keep room for all of them
DEFAULT_CHUNK_SIZE = 100_000
MAX_CUSTOMERS = 50_000_000  # ids above this range are reserved for unknown-customer dirt
CHURN_GAP_DAYS = 180.0  # lapsed customers stop buying at least this long before the end


@dataclass(frozen=True)
class ArchetypeSpec:
    """Behaviour of one latent customer archetype.

    Tuples of weights follow the vocabularies in `reference` (same order).
    """

    name: str
    share: float
    # Sign-up time: uniform share of the window (seasonally weighted), or the last N days.
    signup_range: tuple[float, float] = (0.0, 0.8)
    signup_last_days: float | None = None
    # Purchasing: "repeat" = 1 + Poisson(rate * active time) with gamma-distributed rates
    # (NBD); "single" = exactly one order; "none" = never orders.
    order_mode: str = "repeat"
    orders_per_year: float = 0.0
    rate_shape: float = 2.0
    # Dropout: the customer stops buying after this share of the time between sign-up and
    # (end - CHURN_GAP_DAYS).
    churn_fraction: tuple[float, float] | None = None
    # Buy-till-you-die dropout (BG/NBD): after each purchase a repeat customer stops for good
    # with probability p, drawn per customer from Beta(a, b); None = never drops out.
    dropout_beta: tuple[float, float] | None = (1.0, 200.0)
    season: str = "standard"  # seasonal profile of purchase timing
    mean_lines: float = 2.5
    price_beta: tuple[float, float] = (1.6, 1.6)  # price quantile within a category
    category_prefs: tuple[float, ...] = (0.14, 0.18, 0.14, 0.12, 0.1, 0.1, 0.1, 0.12)
    discount_prob: float = 0.2
    discount_depth: tuple[float, ...] = (0.25, 0.3, 0.2, 0.12, 0.08, 0.04, 0.01)
    cancel_prob: float = 0.03
    return_prob: float = 0.05
    channel_mix: tuple[float, ...] = (0.4, 0.25, 0.25, 0.05, 0.05)
    # Demographics.
    age: tuple[float, float] = (40.0, 13.0)
    income_median: float = 48_000.0
    education_mix: tuple[float, ...] = (0.04, 0.25, 0.25, 0.28, 0.15, 0.03)
    occupation_mix: tuple[float, ...] = (0.58, 0.1, 0.1, 0.12, 0.02, 0.0, 0.04, 0.04)
    acquisition_mix: tuple[float, ...] = (0.25, 0.12, 0.1, 0.12, 0.08, 0.05, 0.15, 0.1, 0.03)
    # Web analytics.
    browse_per_year: float = 2.0
    traffic_mix: tuple[float, ...] = (0.25, 0.12, 0.28, 0.15, 0.08, 0.05, 0.04, 0.03)
    pageview_p: float = 0.35  # geometric parameter of extra pageviews (lower = more pages)
    # E-mail and consents.
    email_consent: float = 0.7
    sms_consent: float = 0.3
    email_target: float = 1.0
    open_prob: float = 0.3
    click_prob: float = 0.2
    unsub_prob: float = 0.005
    # Survey.
    survey_prob: float = 0.2
    values_mix: tuple[float, ...] = (0.3, 0.2, 0.12, 0.22, 0.08, 0.08)
    price_sensitivity_mix: tuple[float, ...] = (0.25, 0.55, 0.2)
    motivation_mix: tuple[float, ...] = (0.2, 0.45, 0.1, 0.1, 0.15)
    # Social media: who follows the shop at all, how often followers interact while active,
    # the share of followers who only watch (lurkers: a rare like), the share of
    # interactions that are advocacy (share, mention, review), the mean sentiment of what
    # they write, and whether a follower who stopped buying unfollows.
    social_follow: float = 0.3
    social_per_year: float = 5.0
    social_lurker: float = 0.4
    social_advocacy: float = 0.08
    social_sentiment: float = 0.25
    social_unfollow: float = 0.1


DEFAULT_ARCHETYPES: tuple[ArchetypeSpec, ...] = (
    ArchetypeSpec(
        name="loyal_high_spender",
        share=0.10,
        signup_range=(0.0, 0.5),
        orders_per_year=15.0,
        rate_shape=4.0,
        mean_lines=2.8,
        price_beta=(2.2, 1.5),
        category_prefs=(0.22, 0.18, 0.18, 0.1, 0.12, 0.06, 0.06, 0.08),
        discount_prob=0.12,
        discount_depth=(0.3, 0.35, 0.2, 0.1, 0.03, 0.02, 0.0),
        cancel_prob=0.02,
        return_prob=0.04,
        channel_mix=(0.35, 0.35, 0.2, 0.05, 0.05),
        age=(47.0, 11.0),
        income_median=72_000.0,
        education_mix=(0.02, 0.15, 0.15, 0.35, 0.25, 0.08),
        occupation_mix=(0.45, 0.15, 0.25, 0.1, 0.01, 0.0, 0.02, 0.02),
        acquisition_mix=(0.2, 0.08, 0.05, 0.2, 0.1, 0.02, 0.2, 0.15, 0.0),
        browse_per_year=4.0,
        traffic_mix=(0.15, 0.08, 0.4, 0.22, 0.05, 0.05, 0.03, 0.02),
        pageview_p=0.3,
        email_consent=0.85,
        sms_consent=0.45,
        email_target=1.3,
        open_prob=0.45,
        click_prob=0.3,
        unsub_prob=0.002,
        survey_prob=0.35,
        values_mix=(0.4, 0.05, 0.15, 0.15, 0.15, 0.1),
        price_sensitivity_mix=(0.6, 0.32, 0.08),
        motivation_mix=(0.4, 0.25, 0.15, 0.05, 0.15),
        social_follow=0.75,
        social_per_year=16.0,
        social_lurker=0.15,
        social_advocacy=0.35,
        social_sentiment=0.6,
        social_unfollow=0.02,
    ),
    ArchetypeSpec(
        name="regular",
        share=0.19,
        signup_range=(0.0, 0.8),
        orders_per_year=6.0,
        rate_shape=3.0,
        browse_per_year=2.5,
        social_follow=0.45,
        social_per_year=6.0,
    ),
    ArchetypeSpec(
        name="bargain_hunter",
        share=0.19,
        signup_range=(0.0, 0.8),
        orders_per_year=6.0,
        rate_shape=2.0,
        season="deals",
        mean_lines=2.4,
        price_beta=(1.0, 3.2),
        category_prefs=(0.1, 0.25, 0.1, 0.15, 0.08, 0.07, 0.1, 0.15),
        discount_prob=0.75,
        discount_depth=(0.05, 0.15, 0.2, 0.2, 0.15, 0.15, 0.1),
        cancel_prob=0.04,
        return_prob=0.14,
        channel_mix=(0.35, 0.2, 0.1, 0.0, 0.35),
        age=(35.0, 11.0),
        income_median=38_000.0,
        education_mix=(0.05, 0.3, 0.28, 0.25, 0.1, 0.02),
        occupation_mix=(0.55, 0.08, 0.04, 0.1, 0.1, 0.0, 0.07, 0.06),
        acquisition_mix=(0.15, 0.15, 0.18, 0.07, 0.05, 0.25, 0.05, 0.03, 0.07),
        browse_per_year=5.0,
        traffic_mix=(0.15, 0.18, 0.1, 0.12, 0.12, 0.03, 0.12, 0.18),
        pageview_p=0.22,
        email_consent=0.8,
        sms_consent=0.4,
        email_target=1.2,
        open_prob=0.38,
        click_prob=0.35,
        unsub_prob=0.005,
        survey_prob=0.2,
        values_mix=(0.08, 0.62, 0.05, 0.15, 0.05, 0.05),
        price_sensitivity_mix=(0.03, 0.22, 0.75),
        motivation_mix=(0.1, 0.2, 0.05, 0.55, 0.1),
        social_follow=0.45,
        social_per_year=8.0,
        social_advocacy=0.05,
        social_sentiment=0.15,
    ),
    ArchetypeSpec(
        name="occasional_gift_buyer",
        share=0.14,
        signup_range=(0.0, 0.8),
        orders_per_year=2.0,
        rate_shape=3.0,
        season="gift",
        mean_lines=1.8,
        price_beta=(2.0, 1.8),
        category_prefs=(0.12, 0.12, 0.1, 0.14, 0.05, 0.17, 0.25, 0.05),
        return_prob=0.09,
        channel_mix=(0.45, 0.1, 0.35, 0.05, 0.05),
        age=(45.0, 14.0),
        income_median=55_000.0,
        education_mix=(0.04, 0.22, 0.24, 0.28, 0.18, 0.04),
        occupation_mix=(0.55, 0.12, 0.1, 0.12, 0.02, 0.0, 0.03, 0.06),
        acquisition_mix=(0.3, 0.2, 0.1, 0.1, 0.03, 0.05, 0.12, 0.1, 0.0),
        browse_per_year=1.2,
        traffic_mix=(0.3, 0.2, 0.15, 0.08, 0.15, 0.07, 0.03, 0.02),
        email_consent=0.6,
        sms_consent=0.2,
        email_target=0.8,
        open_prob=0.18,
        click_prob=0.12,
        unsub_prob=0.01,
        survey_prob=0.15,
        values_mix=(0.3, 0.2, 0.15, 0.25, 0.05, 0.05),
        price_sensitivity_mix=(0.3, 0.5, 0.2),
        motivation_mix=(0.1, 0.15, 0.6, 0.05, 0.1),
        social_follow=0.2,
        social_per_year=2.0,
        social_lurker=0.6,
    ),
    ArchetypeSpec(
        name="new_customer",
        share=0.11,
        signup_last_days=120.0,
        orders_per_year=6.0,
        rate_shape=2.0,
        mean_lines=2.0,
        price_beta=(1.5, 1.8),
        category_prefs=(0.15, 0.22, 0.12, 0.14, 0.1, 0.1, 0.07, 0.1),
        discount_prob=0.35,
        discount_depth=(0.1, 0.35, 0.3, 0.15, 0.05, 0.05, 0.0),
        return_prob=0.06,
        channel_mix=(0.4, 0.35, 0.1, 0.0, 0.15),
        age=(31.0, 10.0),
        income_median=42_000.0,
        education_mix=(0.03, 0.25, 0.2, 0.35, 0.15, 0.02),
        occupation_mix=(0.55, 0.08, 0.05, 0.07, 0.2, 0.0, 0.03, 0.02),
        acquisition_mix=(0.25, 0.2, 0.3, 0.08, 0.02, 0.07, 0.03, 0.02, 0.03),
        browse_per_year=6.0,
        traffic_mix=(0.25, 0.22, 0.1, 0.05, 0.22, 0.08, 0.05, 0.03),
        pageview_p=0.3,
        email_consent=0.8,
        sms_consent=0.35,
        open_prob=0.4,
        click_prob=0.25,
        unsub_prob=0.008,
        values_mix=(0.2, 0.25, 0.2, 0.2, 0.05, 0.1),
        price_sensitivity_mix=(0.2, 0.5, 0.3),
        motivation_mix=(0.25, 0.25, 0.1, 0.15, 0.25),
        social_follow=0.35,
        social_per_year=8.0,
    ),
    ArchetypeSpec(
        name="lapsed",
        share=0.14,
        signup_range=(0.0, 0.6),
        orders_per_year=8.0,
        rate_shape=3.0,
        churn_fraction=(0.15, 0.85),
        mean_lines=2.2,
        price_beta=(1.5, 1.7),
        category_prefs=(0.12, 0.2, 0.15, 0.1, 0.12, 0.12, 0.09, 0.1),
        discount_prob=0.25,
        return_prob=0.07,
        channel_mix=(0.45, 0.15, 0.25, 0.1, 0.05),
        age=(44.0, 14.0),
        acquisition_mix=(0.25, 0.15, 0.1, 0.1, 0.1, 0.08, 0.12, 0.1, 0.0),
        browse_per_year=3.0,
        traffic_mix=(0.3, 0.15, 0.25, 0.12, 0.08, 0.04, 0.03, 0.03),
        open_prob=0.3,
        click_prob=0.15,
        unsub_prob=0.015,
        survey_prob=0.1,
        values_mix=(0.25, 0.3, 0.1, 0.2, 0.1, 0.05),
        price_sensitivity_mix=(0.2, 0.5, 0.3),
        motivation_mix=(0.2, 0.4, 0.1, 0.15, 0.15),
        social_follow=0.4,
        social_per_year=4.0,
        social_advocacy=0.04,
        social_sentiment=-0.1,
        social_unfollow=0.35,
    ),
    ArchetypeSpec(
        name="one_time",
        share=0.08,
        signup_range=(0.0, 1.0),
        order_mode="single",
        mean_lines=1.6,
        price_beta=(1.7, 1.7),
        category_prefs=(0.2, 0.2, 0.12, 0.1, 0.1, 0.08, 0.12, 0.08),
        discount_prob=0.3,
        discount_depth=(0.1, 0.3, 0.3, 0.15, 0.1, 0.05, 0.0),
        cancel_prob=0.04,
        return_prob=0.1,
        channel_mix=(0.35, 0.05, 0.2, 0.05, 0.35),
        age=(38.0, 14.0),
        income_median=45_000.0,
        acquisition_mix=(0.2, 0.25, 0.12, 0.05, 0.0, 0.1, 0.05, 0.08, 0.15),
        browse_per_year=0.6,
        traffic_mix=(0.3, 0.25, 0.08, 0.02, 0.15, 0.05, 0.05, 0.1),
        pageview_p=0.4,
        email_consent=0.45,
        sms_consent=0.15,
        email_target=0.7,
        open_prob=0.1,
        click_prob=0.08,
        unsub_prob=0.02,
        survey_prob=0.08,
        values_mix=(0.2, 0.35, 0.1, 0.25, 0.05, 0.05),
        price_sensitivity_mix=(0.15, 0.45, 0.4),
        motivation_mix=(0.1, 0.5, 0.2, 0.15, 0.05),
        social_follow=0.12,
        social_per_year=1.5,
        social_lurker=0.7,
        social_sentiment=0.0,
    ),
    ArchetypeSpec(
        name="prospect",
        share=0.05,
        signup_range=(0.0, 1.0),
        order_mode="none",
        age=(33.0, 12.0),
        income_median=40_000.0,
        acquisition_mix=(0.3, 0.15, 0.25, 0.1, 0.05, 0.05, 0.05, 0.05, 0.0),
        browse_per_year=3.0,
        traffic_mix=(0.35, 0.15, 0.1, 0.15, 0.15, 0.05, 0.03, 0.02),
        email_consent=0.9,
        sms_consent=0.2,
        open_prob=0.25,
        click_prob=0.1,
        unsub_prob=0.01,
        survey_prob=0.1,
        social_follow=0.3,
        social_per_year=3.0,
        social_lurker=0.6,
    ),
)
ARCHETYPE_NAMES: tuple[str, ...] = tuple(a.name for a in DEFAULT_ARCHETYPES)


def with_mix(archetypes: tuple[ArchetypeSpec, ...], mix: dict[str, float]) -> tuple:
    """Override archetype shares (unknown names raise); shares are renormalised to 1."""
    names = {a.name for a in archetypes}
    unknown = sorted(set(mix) - names)
    if unknown:
        raise ValueError(f"unknown archetype(s) in mix: {', '.join(unknown)}")
    if any(v < 0 for v in mix.values()):
        raise ValueError("archetype shares must be >= 0")
    updated = [replace(a, share=float(mix.get(a.name, a.share))) for a in archetypes]
    total = sum(a.share for a in updated)
    if total <= 0:
        raise ValueError("archetype shares must not all be 0")
    return tuple(replace(a, share=a.share / total) for a in updated)


def parse_mix(text: str) -> dict[str, float]:
    """Parse 'name=share,name=share' (as given to --mix)."""
    mix: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"bad mix entry {part!r}; expected name=share")
        mix[name.strip()] = float(value)
    return mix


@dataclass(frozen=True)
class GeneratorConfig:
    """Everything that determines the generated files (plus `quiet`, which does not)."""

    customers: int
    seed: int = 42
    out: Path = Path("data/generated/demo")
    fmt: str = "csv"
    dirt_rate: float = 0.0
    end_date: dt.date = dt.date(2026, 6, 30)
    years: int = 3
    tables: tuple[str, ...] = ALL_TABLES
    chunk_size: int = DEFAULT_CHUNK_SIZE
    archetypes: tuple[ArchetypeSpec, ...] = field(default=DEFAULT_ARCHETYPES)
    n_products: int = 400
    quiet: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.customers <= MAX_CUSTOMERS:
            raise ValueError(f"customers must be between 1 and {MAX_CUSTOMERS}")
        if self.seed < 0:
            raise ValueError("seed must be >= 0")
        if self.fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}")
        if not 0.0 <= self.dirt_rate <= MAX_DIRT_RATE:
            raise ValueError(f"dirt rate must be between 0 and {MAX_DIRT_RATE}")
        if not 1 <= self.years <= 30:
            raise ValueError("years must be between 1 and 30")
        if self.chunk_size < 100:
            raise ValueError("chunk size must be at least 100")
        if not 50 <= self.n_products <= 100_000:
            raise ValueError("n_products must be between 50 and 100000")
        bad = sorted(set(self.tables) - set(ALL_TABLES))
        if bad:
            raise ValueError(f"unknown table(s): {', '.join(bad)}")
        # customers and orders are always written, tables keep the contract order.
        wanted = set(self.tables) | set(REQUIRED_TABLES)
        object.__setattr__(self, "tables", tuple(t for t in ALL_TABLES if t in wanted))
        if [a.name for a in self.archetypes] != list(ARCHETYPE_NAMES):
            raise ValueError("archetypes must follow DEFAULT_ARCHETYPES (names and order)")
        for spec in self.archetypes:
            validate_archetype(spec)

    # ---- time window ---------------------------------------------------------------
    @property
    def window_start(self) -> dt.datetime:
        """First second of the window: (end_date + 1 day) minus `years` calendar years."""
        nxt = self.end_date + dt.timedelta(days=1)
        try:
            start = nxt.replace(year=nxt.year - self.years)
        except ValueError:  # 29 February in a non-leap year
            start = nxt.replace(year=nxt.year - self.years, day=28)
        return dt.datetime.combine(start, dt.time())

    @property
    def window_end(self) -> dt.datetime:
        """Last second of the window (end_date 23:59:59)."""
        return dt.datetime.combine(self.end_date, dt.time(23, 59, 59))

    @property
    def start_s(self) -> int:
        return _epoch_s(self.window_start)

    @property
    def end_s(self) -> int:
        return _epoch_s(self.window_end)

    @property
    def window_days(self) -> int:
        return (self.end_date - self.window_start.date()).days + 1

    @property
    def shares(self) -> np.ndarray:
        s = np.array([a.share for a in self.archetypes], dtype=float)
        return s / s.sum()

    def expected_orders_per_customer(self) -> float:
        """Expected clean orders per customer implied by the archetype parameters."""
        from .seasonality import daily_weights  # local import: avoids a cycle

        days = self.window_days
        w = daily_weights("standard", self.window_start.date(), days)
        mid = np.arange(days) + 0.5
        total = 0.0
        for share, spec in zip(self.shares, self.archetypes, strict=True):
            if spec.order_mode == "none":
                continue
            if spec.order_mode == "single":
                total += share
                continue
            lo, hi = signup_bounds_days(spec, days)
            sel = (mid >= lo) & (mid < hi)
            mean_signup = float((w[sel] * mid[sel]).sum() / w[sel].sum()) if sel.any() else lo
            active = days - mean_signup
            if spec.churn_fraction is not None:
                f = sum(spec.churn_fraction) / 2.0
                active = f * max(days - CHURN_GAP_DAYS - mean_signup, 0.0)
            total += share * (1.0 + expected_repeat_purchases(spec, active))
        return total

    def n_chunks(self) -> int:
        return math.ceil(self.customers / self.chunk_size)


def expected_repeat_purchases(spec: ArchetypeSpec, days: float) -> float:
    """Expected repeat purchases in `days` after the first purchase.

    Without dropout lambda * t; with it, per customer (1 - exp(-lambda * p * t)) / p (the
    BG/NBD individual-level expectation), averaged over the gamma rates and beta dropout
    probabilities by a fixed-seed Monte Carlo (deterministic).
    """
    mean_rate = spec.orders_per_year / 365.25
    if spec.dropout_beta is None or mean_rate <= 0 or days <= 0:
        return mean_rate * max(days, 0.0)
    rng = np.random.default_rng(0)
    rate = rng.gamma(spec.rate_shape, mean_rate / spec.rate_shape, 200_000)
    p = rng.beta(*spec.dropout_beta, 200_000)
    return float(np.mean(-np.expm1(-rate * p * days) / p))


def signup_bounds_days(spec: ArchetypeSpec, window_days: int) -> tuple[float, float]:
    """Sign-up interval of an archetype in days since the window start."""
    if spec.signup_last_days is not None:
        last = min(spec.signup_last_days, window_days - 2.0)
        return window_days - last, window_days - 2.0
    lo, hi = spec.signup_range
    hi_days = hi * window_days
    if spec.churn_fraction is not None:  # leave room to buy and to lapse
        hi_days = min(hi_days, window_days - CHURN_GAP_DAYS - 60.0)
    hi_days = min(hi_days, window_days - 2.0)
    lo_days = min(lo * window_days, hi_days - 1.0)
    return max(lo_days, 0.0), max(hi_days, 1.0)


def _epoch_s(ts: dt.datetime) -> int:
    return int((ts - dt.datetime(1970, 1, 1)).total_seconds())


_VOCAB_LENGTHS: dict[str, int] = {
    "category_prefs": len(ref.CATEGORIES),
    "discount_depth": len(ref.DISCOUNT_LEVELS),
    "channel_mix": len(ref.ORDER_CHANNELS),
    "education_mix": len(ref.EDUCATION),
    "occupation_mix": len(ref.OCCUPATION),
    "acquisition_mix": len(ref.ACQUISITION_CHANNELS),
    "traffic_mix": len(ref.TRAFFIC_SOURCES),
    "values_mix": len(ref.VALUES),
    "price_sensitivity_mix": len(ref.PRICE_SENSITIVITY),
    "motivation_mix": len(ref.MOTIVATIONS),
}


def validate_archetype(spec: ArchetypeSpec) -> None:
    """Check that every weight tuple matches its vocabulary."""
    for attr, size in _VOCAB_LENGTHS.items():
        if len(getattr(spec, attr)) != size:
            raise ValueError(f"{spec.name}.{attr} must have {size} weights")
    if spec.order_mode not in ("repeat", "single", "none"):
        raise ValueError(f"{spec.name}.order_mode must be repeat, single or none")
    if spec.dropout_beta is not None and min(spec.dropout_beta) <= 0:
        raise ValueError(f"{spec.name}.dropout_beta must be two positive numbers")
    if spec.season not in ("standard", "gift", "deals"):
        raise ValueError(f"{spec.name}.season must be standard, gift or deals")
