"""Behavioural side tables: web sessions, e-mail events, survey answers and consents."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import columns as col
from . import reference as ref
from .catalog import Campaigns
from .config import GeneratorConfig
from .customers import CustomerBlock
from .orders import OrderBlock
from .seasonality import DAY, SeasonalSampler
from .tables import schema

SESSION_ID_WIDTH = 11
EVENT_ID_WIDTH = 11
RESPONSE_ID_WIDTH = 10
ANONYMOUS_SHARE = 0.12
_EMAIL_BLOCK = 20_000  # customers per campaign-matrix block (bounds memory)


def _per_arch(cfg: GeneratorConfig, attr: str) -> np.ndarray:
    return np.array([getattr(s, attr) for s in cfg.archetypes])


# ---- web sessions ----------------------------------------------------------------------
def simulate_sessions(
    rng: np.random.Generator,
    cfg: GeneratorConfig,
    cb: CustomerBlock,
    ob: OrderBlock,
    sampler: SeasonalSampler,
    first_number: int,
) -> pa.Table:
    start_s = cfg.start_s
    # 1) the session in which a web/app order was placed
    web = np.isin(ob.channel, [ref.ORDER_CHANNELS.index("web"), ref.ORDER_CHANNELS.index("app")])
    o_idx = np.flatnonzero(web)
    o_cust = ob.cust[o_idx]
    o_time = np.maximum(ob.time[o_idx] - rng.integers(120, 2400, len(o_idx)), start_s)
    o_app = ob.channel[o_idx] == ref.ORDER_CHANNELS.index("app")
    # 2) browsing sessions without an order
    rate = _per_arch(cfg, "browse_per_year")[cb.arch] / 365.25
    n_browse = rng.poisson(rate * (cb.active_end - cb.signup) / DAY)
    b_cust = np.repeat(np.arange(cb.n), n_browse)
    b_time = sampler.sample(rng, cb.signup[b_cust], cb.active_end[b_cust])
    b_app = rng.random(len(b_cust)) < 0.25
    # 3) anonymous sessions
    identified = len(o_cust) + len(b_cust)
    n_anon = int(rng.poisson(identified * ANONYMOUS_SHARE / (1 - ANONYMOUS_SHARE)))
    a_time = sampler.sample(
        rng, np.full(n_anon, start_s, dtype=np.int64), np.full(n_anon, cfg.end_s, dtype=np.int64)
    )

    cust = np.concatenate([o_cust, b_cust, np.full(n_anon, -1)]).astype(np.int64)
    time = np.concatenate([o_time, b_time, a_time]).astype(np.int64)
    app = np.concatenate([o_app, b_app, np.zeros(n_anon, dtype=bool)])
    kind = np.concatenate(
        [np.zeros(len(o_cust), np.int8), np.ones(len(b_cust), np.int8), np.full(n_anon, 2, np.int8)]
    )
    n = len(cust)
    anon = cust < 0
    safe = np.maximum(cust, 0)
    arch = cb.arch[safe] if cb.n else np.zeros(n, dtype=np.int64)

    general = col.sample_cat(rng, ref.DEVICE_MIX_ANON, n=n)
    device = np.where(~anon & (rng.random(n) < 0.75), cb.device_pref[safe], general)
    tablet = ref.DEVICES.index("tablet")
    app_device = np.where(rng.random(n) < 0.85, ref.DEVICES.index("mobile"), tablet)
    device = np.where(app & (device != tablet), app_device, device)
    os_ = col.sample_cat(rng, ref.OS_BY_DEVICE, groups=device)
    browser = col.sample_cat(rng, ref.BROWSER_BY_OS, groups=os_)
    browser = np.where(app, len(ref.BROWSERS), browser)
    mixes = np.vstack([np.array([s.traffic_mix for s in cfg.archetypes]), ref.TRAFFIC_MIX_ANON])
    traffic = col.sample_cat(rng, mixes, groups=np.where(anon, len(cfg.archetypes), arch))

    p = np.where(anon, 0.45, _per_arch(cfg, "pageview_p")[arch])
    pageviews = rng.geometric(p)
    pageviews = np.where(kind == 0, 3 + pageviews + rng.poisson(2.0, n), pageviews)
    per_page = rng.lognormal(np.log(40.0), 0.6, n)
    duration = np.rint(pageviews * per_page).astype(np.int64)
    single = pageviews == 1
    duration = np.where(single, np.where(rng.random(n) < 0.3, 0, rng.integers(3, 60, n)), duration)

    order = np.argsort(time, kind="stable")
    return pa.Table.from_arrays(
        [
            col.ids("S", first_number + np.arange(n), SESSION_ID_WIDTH),
            cb.ids.take(pa.array(safe[order], mask=anon[order])),
            col.timestamps(time[order]),
            col.take(ref.DEVICES, device[order]),
            col.take(ref.OPERATING_SYSTEMS, os_[order]),
            col.take((*ref.BROWSERS, ref.APP_BROWSER), browser[order]),
            col.take(ref.TRAFFIC_SOURCES, traffic[order]),
            col.ints(pageviews[order]),
            col.ints(duration[order]),
        ],
        schema=schema("web_sessions", dirty=False),
    )


# ---- e-mail ----------------------------------------------------------------------------
@dataclass
class EmailOutcome:
    table: pa.Table
    consent_at_signup: np.ndarray  # bool per customer
    optin_time: np.ndarray  # -1 if none
    unsub_time: np.ndarray  # -1 if none


def simulate_emails(
    rng: np.random.Generator,
    cfg: GeneratorConfig,
    cb: CustomerBlock,
    campaigns: Campaigns,
    first_number: int,
) -> EmailOutcome:
    n = cb.n
    end_s = cfg.end_s
    consent0 = rng.random(n) < _per_arch(cfg, "email_consent")[cb.arch]
    optin = ~consent0 & (rng.random(n) < 0.12)
    optin_time = np.where(
        optin, cb.signup + 1 + np.floor(rng.random(n) * (end_s - cb.signup - 1)), -1
    ).astype(np.int64)
    never = np.iinfo(np.int64).max
    elig = np.where(consent0, cb.signup, np.where(optin, optin_time, never))
    target = _per_arch(cfg, "email_target")[cb.arch]

    # Which customers receive which campaign (customer-major, campaigns ascending in time).
    ci_parts, kj_parts = [], []
    camp_t = campaigns.times
    for lo in range(0, n, _EMAIL_BLOCK):
        hi = min(lo + _EMAIL_BLOCK, n)
        draw = rng.random((hi - lo, len(camp_t)), dtype=np.float32)
        p = (target[lo:hi, None] * campaigns.target[None, :]).astype(np.float32)
        hit = (draw < p) & (camp_t[None, :] > elig[lo:hi, None])
        r, k = np.nonzero(hit)
        ci_parts.append(r + lo)
        kj_parts.append(k)
    ci = np.concatenate(ci_parts) if ci_parts else np.empty(0, dtype=np.int64)
    kj = np.concatenate(kj_parts) if kj_parts else np.empty(0, dtype=np.int64)
    s = len(ci)
    arch = cb.arch[ci]
    sent = camp_t[kj] + rng.integers(0, 7200, s)
    bounce = rng.random(s) < 0.015
    delivered = ~bounce
    after_churn = sent > cb.active_end[ci]
    p_open = _per_arch(cfg, "open_prob")[arch] * np.where(after_churn, 0.15, 1.0)
    opened = delivered & (rng.random(s) < p_open)
    clicked = opened & (rng.random(s) < _per_arch(cfg, "click_prob")[arch])
    unsub = delivered & (rng.random(s) < _per_arch(cfg, "unsub_prob")[arch])
    complaint = delivered & (rng.random(s) < 0.0008)

    t_deliv = sent + rng.integers(2, 90, s)
    t_bounce = sent + rng.integers(5, 600, s)
    t_open = t_deliv + np.minimum(rng.lognormal(np.log(3 * 3600), 1.2, s), 7 * DAY).astype(np.int64)
    t_click = t_open + rng.integers(5, 900, s)
    t_unsub = np.where(opened, t_open, t_deliv) + rng.integers(10, 3600, s)
    t_compl = t_deliv + rng.integers(60, DAY, s)

    # Nothing is sent to a customer after their first unsubscribe.
    if s:
        flag = unsub.astype(np.int64)
        csum = np.cumsum(flag)
        run_start = np.flatnonzero(np.r_[True, ci[1:] != ci[:-1]])
        run_len = np.diff(np.r_[run_start, s])
        base = np.repeat(csum[run_start] - flag[run_start], run_len)
        keep = (csum - flag - base) == 0
    else:
        keep = np.zeros(0, dtype=bool)

    types = ref.EMAIL_EVENT_TYPES
    parts = [
        (keep, sent, "sent"),
        (keep & delivered, t_deliv, "delivered"),
        (keep & bounce, t_bounce, "bounce"),
        (keep & opened, t_open, "open"),
        (keep & clicked, t_click, "click"),
        (keep & unsub, t_unsub, "unsubscribe"),
        (keep & complaint, t_compl, "complaint"),
    ]
    e_send, e_time, e_type = [], [], []
    for mask, t, name in parts:
        sel = np.flatnonzero(mask & (t <= end_s))
        e_send.append(sel)
        e_time.append(t[sel])
        e_type.append(np.full(len(sel), types.index(name), dtype=np.int64))
    send = np.concatenate(e_send)
    time = np.concatenate(e_time)
    etype = np.concatenate(e_type)
    order = np.lexsort((etype, time))
    send, time, etype = send[order], time[order], etype[order]

    unsub_time = np.full(n, -1, dtype=np.int64)
    u_ev = etype == types.index("unsubscribe")
    unsub_time[ci[send[u_ev]]] = time[u_ev]

    m = len(send)
    table = pa.Table.from_arrays(
        [
            col.ids("E", first_number + np.arange(m), EVENT_ID_WIDTH),
            cb.ids.take(pa.array(ci[send])),
            campaigns.ids.take(pa.array(kj[send])),
            col.take(types, etype),
            col.timestamps(time),
        ],
        schema=schema("email_events", dirty=False),
    )
    return EmailOutcome(table, consent0, optin_time, unsub_time)


# ---- survey ----------------------------------------------------------------------------
def simulate_surveys(
    rng: np.random.Generator, cfg: GeneratorConfig, cb: CustomerBlock, first_number: int
) -> pa.Table:
    respond = np.flatnonzero(rng.random(cb.n) < _per_arch(cfg, "survey_prob")[cb.arch])
    r = len(respond)
    arch = cb.arch[respond]
    latest = cfg.end_s - 900
    signup = np.minimum(cb.signup[respond], latest)
    answered = signup + np.floor(rng.random(r) * (latest - signup)).astype(np.int64)
    age = cb.age[respond]
    band = np.searchsorted(np.array(ref.AGE_BANDS), age, side="right")

    interests = np.array(ref.CATEGORY_INTEREST)[cb.fav_cat[respond]]
    interests = np.where(rng.random(r) < 0.6, interests, rng.integers(0, len(ref.INTERESTS), r))
    values = col.sample_cat(rng, np.array([s.values_mix for s in cfg.archetypes]), groups=arch)
    lifestyle = col.sample_cat(rng, ref.LIFESTYLE_BY_AGE, groups=band)
    occupation = cb.occupation[respond]
    u = rng.random(r)
    lifestyle = np.where(
        (occupation == ref.OCCUPATION.index("student")) & (u < 0.7),
        ref.LIFESTYLES.index("student_life"),
        lifestyle,
    )
    lifestyle = np.where(
        (occupation == ref.OCCUPATION.index("retired")) & (u < 0.7),
        ref.LIFESTYLES.index("retired_life"),
        lifestyle,
    )
    lifestyle = np.where(
        (cb.household[respond] >= 3) & (u > 0.5), ref.LIFESTYLES.index("family_oriented"), lifestyle
    )
    price = col.sample_cat(
        rng, np.array([s.price_sensitivity_mix for s in cfg.archetypes]), groups=arch
    )
    motivation = col.sample_cat(
        rng, np.array([s.motivation_mix for s in cfg.archetypes]), groups=arch
    )

    vocab = [ref.INTERESTS, ref.VALUES, ref.LIFESTYLES, ref.PRICE_SENSITIVITY, ref.MOTIVATIONS]
    offsets = np.cumsum([0] + [len(v) for v in vocab[:-1]])
    flat_vocab = [a for v in vocab for a in v]
    codes = np.stack([interests, values, lifestyle, price, motivation], axis=1) + offsets
    answered_q = rng.random(codes.shape) < 0.92
    ri, qi = np.nonzero(answered_q)
    t = answered[ri] + qi * rng.integers(5, 40, len(ri))
    m = len(ri)
    return pa.Table.from_arrays(
        [
            col.ids("R", first_number + np.arange(m), RESPONSE_ID_WIDTH),
            cb.ids.take(pa.array(respond[ri])),
            col.timestamps(np.minimum(t, cfg.end_s)),
            col.take(ref.SURVEY_QUESTIONS, qi),
            col.take(flat_vocab, codes[ri, qi]),
        ],
        schema=schema("survey_responses", dirty=False),
    )


# ---- consents --------------------------------------------------------------------------
def simulate_consents(
    rng: np.random.Generator,
    cfg: GeneratorConfig,
    cb: CustomerBlock,
    email: EmailOutcome,
    last_order: np.ndarray,
) -> pa.Table:
    n = cb.n
    end_s = cfg.end_s
    idx = np.arange(n)
    signup = cb.signup

    def later(after: np.ndarray) -> np.ndarray:
        """A time strictly after `after` and not after the window end."""
        gap = np.maximum(end_s - after - 1, 0)
        return np.minimum(after + 1 + np.floor(rng.random(len(after)) * gap), end_s).astype(
            np.int64
        )

    rows: list[tuple[np.ndarray, int, np.ndarray, np.ndarray]] = []
    # e-mail marketing: at sign-up, later opt-ins, unsubscribes from e-mail events
    rows.append((idx, 0, email.consent_at_signup, signup))
    o = np.flatnonzero(email.optin_time >= 0)
    rows.append((o, 0, np.ones(len(o), bool), email.optin_time[o]))
    u = np.flatnonzero(email.unsub_time >= 0)
    rows.append((u, 0, np.zeros(len(u), bool), email.unsub_time[u]))
    # SMS marketing: at sign-up, some change their mind later
    sms0 = rng.random(n) < _per_arch(cfg, "sms_consent")[cb.arch]
    rows.append((idx, 1, sms0, signup))
    flip = np.flatnonzero(rng.random(n) < 0.12)
    rows.append((flip, 1, ~sms0[flip], later(signup[flip])))
    # Opt-out of data sale (granted = opted out), a few revoke it later
    ds = np.flatnonzero(rng.random(n) < 0.07)
    t_ds = later(signup[ds])
    rows.append((ds, 2, np.ones(len(ds), bool), t_ds))
    back = rng.random(len(ds)) < 0.15
    back &= t_ds < end_s - 2
    rows.append((ds[back], 2, np.zeros(int(back.sum()), bool), later(t_ds[back])))
    # Erasure requests (rare), after the customer's last purchase
    er = np.flatnonzero(rng.random(n) < 0.005)
    base = np.maximum(signup[er], last_order[er])
    rows.append((er, 3, np.ones(len(er), bool), later(base)))

    cust = np.concatenate([r[0] for r in rows]).astype(np.int64)
    ctype = np.concatenate([np.full(len(r[0]), r[1], dtype=np.int64) for r in rows])
    granted = np.concatenate([r[2] for r in rows]).astype(bool)
    time = np.concatenate([r[3] for r in rows]).astype(np.int64)
    order = np.lexsort((ctype, time, cust))
    return pa.Table.from_arrays(
        [
            cb.ids.take(pa.array(cust[order])),
            col.take(ref.CONSENT_TYPES, ctype[order]),
            pa.array(granted[order], type=pa.bool_()),
            col.timestamps(time[order]),
        ],
        schema=schema("consents", dirty=False),
    )
