"""Buy-till-you-die models: BG/NBD, MBG/NBD and Gamma-Gamma.

Notation (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
for each customer `x` is the number of repeat purchases, `t_x` the time from
the first to the last purchase and `T` the time from the first purchase to the
cutoff, all in one time unit (the caller's; the fits here use weeks). Purchases
follow a Poisson process with rate lambda ~ Gamma(r, alpha) while the customer
is alive; after each purchase (BG/NBD) or also at the first one (MBG/NBD,
Batislam, Denizel & Filiztekin 2007) the customer drops out with probability
p ~ Beta(a, b). Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV") models
the mean value of a customer's repeat purchases: each value ~ Gamma(p, nu),
nu ~ Gamma(q, gamma), independent of the purchase process.

Fits are maximum likelihood on customers grouped by identical (x, t_x, T)
with weights (the group sizes), so the cost follows the number of distinct
summaries, not of customers. Parameters are optimised on their logarithm
(they are all positive) with L-BFGS-B, then Nelder-Mead from its result when
L-BFGS-B does not report success. A fit that still does not converge is
returned with `converged=False` and a reason; callers then leave predictions
null with that reason instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special

PURCHASE_MODELS = ("bg_nbd", "mbg_nbd")
PURCHASE_PARAMETERS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMETERS = ("p", "q", "gamma")


@dataclass
class Fit:
    """The result of one maximum-likelihood fit."""

    model_name: str
    parameters: dict[str, float]
    log_likelihood: float
    customers: int
    converged: bool
    reason: str | None = None
    extra: dict[str, float] = field(default_factory=dict)


def _arrays(*values) -> list[np.ndarray]:
    return [np.asarray(value, dtype=float) for value in values]


def purchase_log_likelihood(model: str, params, x, t_x, T) -> np.ndarray:
    """Each customer's log-likelihood under BG/NBD or MBG/NBD."""
    r, alpha, a, b = params
    x, t_x, T = _arrays(x, t_x, T)
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    if model == "bg_nbd":
        alive = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
        # dropped out after the last purchase: only possible after a repeat purchase
        with np.errstate(invalid="ignore", divide="ignore"):
            dropped = (
                special.betaln(a + 1, np.maximum(b + x - 1, 1e-300))
                - special.betaln(a, b)
                - (r + x) * np.log(alpha + t_x)
            )
        return common + np.where(x > 0, np.logaddexp(alive, dropped), alive)
    if model == "mbg_nbd":
        alive = special.betaln(a, b + x + 1) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
        dropped = (
            special.betaln(a + 1, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + t_x)
        )
        return common + np.logaddexp(alive, dropped)
    raise ValueError(f"unknown purchase model {model!r}: use one of {PURCHASE_MODELS}")


def gamma_gamma_log_likelihood(params, x, mean_value) -> np.ndarray:
    """Each repeat buyer's log-likelihood of their mean purchase value (x >= 1, mean > 0)."""
    p, q, gamma = params
    x, m = _arrays(x, mean_value)
    return (
        special.gammaln(p * x + q)
        - special.gammaln(p * x)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(gamma + m * x)
    )


def _minimise(negative_ll, start: np.ndarray, max_iterations: int):
    """Minimise over log parameters: L-BFGS-B, then Nelder-Mead when it does not succeed."""

    def objective(log_params):
        value = negative_ll(np.exp(log_params))
        return value if np.isfinite(value) else 1e300

    result = optimize.minimize(
        objective, start, method="L-BFGS-B", options={"maxiter": max_iterations}
    )
    if not result.success:
        result = optimize.minimize(
            objective,
            result.x,
            method="Nelder-Mead",
            options={"maxiter": max_iterations, "xatol": 1e-6, "fatol": 1e-8},
        )
    return result


def _fit_outcome(result, names) -> tuple[dict[str, float], bool, str | None]:
    params = dict(zip(names, (float(v) for v in np.exp(result.x)), strict=True))
    values = np.array(list(params.values()))
    if not result.success:
        return params, False, f"the optimiser did not converge: {result.message}"
    if not np.all(np.isfinite(values)) or np.any(values > 1e6) or np.any(values < 1e-8):
        return params, False, "a parameter ran to the edge of its range (not identified)"
    return params, True, None


def fit_purchases(model: str, x, t_x, T, weights=None, max_iterations: int = 2000) -> Fit:
    """Fit BG/NBD or MBG/NBD by maximum likelihood on grouped summaries."""
    x, t_x, T = _arrays(x, t_x, T)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    customers = int(w.sum())
    names = PURCHASE_PARAMETERS
    if customers == 0 or not np.any(T > 0):
        return Fit(
            model,
            dict.fromkeys(names, np.nan),
            np.nan,
            customers,
            False,
            "no customer with a first purchase before the cutoff",
        )
    if not np.any(x > 0):
        return Fit(
            model,
            dict.fromkeys(names, np.nan),
            np.nan,
            customers,
            False,
            "no repeat purchase: the purchase and dropout rates cannot be told apart",
        )
    purchase_log_likelihood(model, (1, 1, 1, 1), x[:1], t_x[:1], T[:1])  # checks the name
    # start from the mean purchase rate (r / alpha) and an even dropout
    rate = max(float((w * x).sum() / max((w * T).sum(), 1e-9)), 1e-3)
    start = np.log([1.0, 1.0 / rate, 1.0, 1.0])

    def negative_ll(params):
        return -float(np.sum(w * purchase_log_likelihood(model, params, x, t_x, T)))

    result = _minimise(negative_ll, start, max_iterations)
    params, converged, reason = _fit_outcome(result, names)
    return Fit(model, params, -float(result.fun), customers, converged, reason)


def fit_gamma_gamma(x, mean_value, weights=None, max_iterations: int = 2000) -> Fit:
    """Fit Gamma-Gamma on repeat buyers with a positive mean value (others are ignored).

    `extra["frequency_value_correlation"]` is the (weighted) Pearson correlation between
    the number of repeat purchases and their mean value: the model assumes they are
    independent, so a value far from 0 says its predictions are biased.
    """
    x, m = _arrays(x, mean_value)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    keep = (x > 0) & np.isfinite(m) & (m > 0) & (w > 0)
    x, m, w = x[keep], m[keep], w[keep]
    names = GAMMA_GAMMA_PARAMETERS
    customers = int(w.sum())
    if customers < 2 or np.unique(m).size < 2:
        return Fit(
            "gamma_gamma",
            dict.fromkeys(names, np.nan),
            np.nan,
            customers,
            False,
            "fewer than two repeat buyers with different mean values",
        )
    correlation = 0.0
    if np.unique(x).size > 1:
        cov = np.cov(x, m, aweights=w)
        correlation = float(cov[0, 1] / np.sqrt(cov[0, 0] * cov[1, 1]))
    # start near the method of moments: mean value p * gamma / (q - 1)
    mean = float(np.average(m, weights=w))
    start = np.log([1.0, 2.0, mean])

    def negative_ll(params):
        return -float(np.sum(w * gamma_gamma_log_likelihood(params, x, m)))

    result = _minimise(negative_ll, start, max_iterations)
    params, converged, reason = _fit_outcome(result, names)
    if converged and params["q"] <= 1:
        converged, reason = False, "q <= 1: the population mean value is not finite"
    return Fit(
        "gamma_gamma",
        params,
        -float(result.fun),
        customers,
        converged,
        reason,
        {"frequency_value_correlation": correlation},
    )


def _dropout_odds(model: str, params, x, t_x, T) -> np.ndarray:
    """Odds that the customer dropped out by T, against being alive."""
    r, alpha, a, b = params
    ratio = ((alpha + T) / (alpha + t_x)) ** (r + x)
    if model == "bg_nbd":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x > 0, a / np.maximum(b + x - 1, 1e-300) * ratio, 0.0)
    return a / (b + x) * ratio


def p_alive(model: str, params, x, t_x, T) -> np.ndarray:
    """P(the customer is alive at T | x, t_x, T)."""
    x, t_x, T = _arrays(x, t_x, T)
    return 1.0 / (1.0 + _dropout_odds(model, params, x, t_x, T))


def expected_purchases(model: str, params, t, x, t_x, T) -> np.ndarray:
    """E[purchases in (T, T + t] | x, t_x, T]; NaN where the hypergeometric function fails."""
    r, alpha, a, b = params
    x, t_x, T = _arrays(x, t_x, T)
    t = float(t)
    z = t / (alpha + T + t)
    shrink = ((alpha + T) / (alpha + T + t)) ** (r + x)
    if model == "bg_nbd":
        lead = (a + b + x - 1) / (a - 1)
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    else:
        lead = (a + b + x) / (a - 1)
        hyp = special.hyp2f1(r + x, b + x + 1, a + b + x, z)
    value = lead * (1 - shrink * hyp) / (1 + _dropout_odds(model, params, x, t_x, T))
    return np.where(np.isfinite(value) & (value >= 0), value, np.nan)


def p_no_purchase(model: str, params, t, x, t_x, T) -> np.ndarray:
    """P(no purchase in (T, T + t] | x, t_x, T): dropped out, or alive with no Poisson event.

    A living customer drops out only at a purchase, so with no purchase they stay
    alive; their rate has the posterior Gamma(r + x, alpha + T), under which the
    chance of no event in t is ((alpha + T) / (alpha + T + t)) ** (r + x).
    """
    r, alpha, _, _ = params
    x, t_x, T = _arrays(x, t_x, T)
    alive = p_alive(model, params, x, t_x, T)
    return 1 - alive + alive * ((alpha + T) / (alpha + T + float(t))) ** (r + x)


def expected_purchase_value(params, x, mean_value) -> np.ndarray:
    """Gamma-Gamma E[value of a purchase | x, mean]; the population mean without repeats."""
    p, q, gamma = params
    x, m = _arrays(x, mean_value)
    population = p * gamma / (q - 1)
    with np.errstate(invalid="ignore"):
        conditional = p * (gamma + m * x) / (p * x + q - 1)
    return np.where((x > 0) & np.isfinite(m) & (m > 0), conditional, population)


def discounted_value(
    model: str,
    params,
    value,
    horizon: float,
    step: float,
    annual_rate: float,
    units_per_year: float,
    x,
    t_x,
    T,
) -> np.ndarray:
    """CLV over the horizon: sum over steps k of E[purchases in step k] * value / (1 + d)^y_k.

    The horizon (in the model's time unit) is cut into steps of length `step` (the last
    one ends at the horizon); the purchases expected in step k are E[X(t_k)] - E[X(t_{k-1})],
    discounted at the annual rate d to the step's end t_k, y_k = t_k / units_per_year years.
    """
    ends = np.arange(step, horizon + step / 2, step)
    ends[-1] = horizon
    total = np.zeros(np.shape(np.asarray(x, dtype=float)))
    previous = np.zeros_like(total)
    for end in ends:
        current = expected_purchases(model, params, end, x, t_x, T)
        years = end / units_per_year
        total = total + (current - previous) / (1 + annual_rate) ** years
        previous = current
    return total * np.asarray(value, dtype=float)
