"""Social media interactions: who follows the shop, how they interact, who advocates.

Per customer (archetype parameters in `config.ArchetypeSpec.social_*`):
- a share never follows the shop (no rows at all);
- a follower follows on one or more platforms at a time between sign-up and the end of
  their active period;
- while active, a follower interacts at `social_per_year` (Poisson), a lurker at a tenth
  of that and only with likes; a share `social_advocacy` of an active follower's
  interactions are shares, mentions or reviews;
- text interactions (comment, mention, message, review) mostly carry a sentiment around
  the archetype's mean; the others carry none;
- a follower who stopped buying (active period ends before the window) unfollows with
  probability `social_unfollow`, after the end of their active period.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import columns as col
from . import reference as ref
from .config import GeneratorConfig
from .customers import CustomerBlock
from .seasonality import DAY, SeasonalSampler
from .tables import schema

INTERACTION_ID_WIDTH = 11
LURKER_RATE = 0.1  # a lurker's interaction rate relative to an active follower's
SENTIMENT_GIVEN = 0.8  # share of text interactions with a sentiment score
SENTIMENT_SD = 0.35
SECOND_PLATFORM = 0.25  # a follower also follows on another platform
# Interaction mix of an active follower: (like, comment, message) for the non-advocacy
# part, (share, mention, review) for the advocacy part; each part sums to 1.
_PLAIN = {"like": 0.65, "comment": 0.25, "message": 0.10}
_ADVOCACY = {"share": 0.5, "mention": 0.3, "review": 0.2}


def _per_arch(cfg: GeneratorConfig, attr: str) -> np.ndarray:
    return np.array([getattr(s, attr) for s in cfg.archetypes])


def _type_mix(advocacy: np.ndarray) -> np.ndarray:
    """Rows: archetype; columns: SOCIAL_INTERACTION_TYPES; follow/unfollow get 0."""
    mix = np.zeros((len(advocacy), len(ref.SOCIAL_INTERACTION_TYPES)))
    for name, w in _PLAIN.items():
        mix[:, ref.SOCIAL_INTERACTION_TYPES.index(name)] = (1 - advocacy) * w
    for name, w in _ADVOCACY.items():
        mix[:, ref.SOCIAL_INTERACTION_TYPES.index(name)] = advocacy * w
    return mix


def simulate_social(
    rng: np.random.Generator,
    cfg: GeneratorConfig,
    cb: CustomerBlock,
    sampler: SeasonalSampler,
    first_number: int,
) -> pa.Table:
    n = cb.n
    end_s = cfg.end_s
    types = ref.SOCIAL_INTERACTION_TYPES
    follows = rng.random(n) < _per_arch(cfg, "social_follow")[cb.arch]
    lurker = follows & (rng.random(n) < _per_arch(cfg, "social_lurker")[cb.arch])
    # follows: one per platform followed, at a time while the customer was active
    f_cust = np.flatnonzero(follows)
    f_plat = col.sample_cat(rng, np.array(ref.SOCIAL_PLATFORM_MIX), n=len(f_cust))
    second = rng.random(len(f_cust)) < SECOND_PLATFORM
    s_cust = f_cust[second]
    s_plat = (f_plat[second] + rng.integers(1, len(ref.SOCIAL_PLATFORMS), len(s_cust))) % len(
        ref.SOCIAL_PLATFORMS
    )
    fc = np.concatenate([f_cust, s_cust]).astype(np.int64)
    fp = np.concatenate([f_plat, s_plat]).astype(np.int64)
    lo = cb.signup[fc]
    hi = np.maximum(np.minimum(cb.active_end[fc], end_s), lo)
    ft = sampler.sample(rng, lo, hi)

    # interactions after each follow until the end of the active period
    rate = _per_arch(cfg, "social_per_year")[cb.arch[fc]] / 365.25
    rate = np.where(lurker[fc], rate * LURKER_RATE, rate)
    span = np.maximum(hi - ft, 0)
    k = rng.poisson(rate * span / DAY)
    ic = np.repeat(fc, k)
    ip = np.repeat(fp, k)
    it = sampler.sample(rng, np.repeat(ft, k), np.repeat(hi, k))
    mix = _type_mix(_per_arch(cfg, "social_advocacy"))
    itype = col.sample_cat(rng, mix, groups=cb.arch[ic])
    itype = np.where(lurker[ic], types.index("like"), itype)

    # unfollows of followers who stopped buying, after their active period
    gone = (cb.active_end[fc] < end_s - DAY) & (
        rng.random(len(fc)) < _per_arch(cfg, "social_unfollow")[cb.arch[fc]]
    )
    uc, up = fc[gone], fp[gone]
    u_lo = np.maximum(cb.active_end[uc], ft[gone]) + 1
    ut = u_lo + np.floor(rng.random(len(uc)) * (end_s - u_lo)).astype(np.int64)

    cust = np.concatenate([fc, ic, uc])
    plat = np.concatenate([fp, ip, up])
    time = np.minimum(np.concatenate([ft, it, ut]), end_s).astype(np.int64)
    kind = np.concatenate(
        [
            np.full(len(fc), types.index("follow")),
            itype,
            np.full(len(uc), types.index("unfollow")),
        ]
    ).astype(np.int64)
    m = len(cust)
    text = np.isin(kind, [types.index(t) for t in ref.SOCIAL_TEXT_TYPES])
    given = text & (rng.random(m) < SENTIMENT_GIVEN)
    mean = _per_arch(cfg, "social_sentiment")[cb.arch[cust]] if m else np.zeros(0)
    score = np.clip(rng.normal(mean, SENTIMENT_SD), -1.0, 1.0)  # written with 2 decimals

    order = np.lexsort((kind, time))
    return pa.Table.from_arrays(
        [
            col.ids("I", first_number + np.arange(m), INTERACTION_ID_WIDTH),
            cb.ids.take(pa.array(cust[order])),
            col.take(ref.SOCIAL_PLATFORMS, plat[order]),
            col.take(types, kind[order]),
            col.timestamps(time[order]),
            col.money(np.rint(score[order] * 100).astype(np.int64), null=~given[order]),
        ],
        schema=schema("social_interactions", dirty=False),
    )
