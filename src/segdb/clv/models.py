"""BG/NBD, MBG/NBD and Gamma-Gamma: log-likelihoods, maximum likelihood fits, predictions.

Notation (Fader, Hardie & Lee 2005; Batislam, Denizel & Filiztekin 2007): a customer's
summary at a cutoff is `x` repeat purchases (purchase days after the first), `t_x` the time
from the first to the last purchase and `T` the time from the first purchase to the cutoff,
all in one time unit (TIME_UNIT_DAYS days: weeks keep the parameters of order 1, which
conditions the optimiser better than days).

Purchase models (parameters r, alpha, a, b):
- BG/NBD: while alive a customer buys as a Poisson process of rate lambda ~ Gamma(r, alpha);
  after each repeat purchase they drop out with probability p ~ Beta(a, b).
- MBG/NBD: as BG/NBD, but the drop-out can also happen right after the first purchase, so a
  one-time buyer's P(alive) is below 1.

Log-likelihood of one customer (A1 = ln G(r+x) - ln G(r) + r ln alpha, A3 = -(r+x) ln(alpha+T)):
- BG/NBD:  A1 + ln B(a, b+x) - ln B(a, b) + ln(exp(A3) + [x>0] exp(A4)),
           A4 = ln a - ln(b+x-1) - (r+x) ln(alpha+t_x)
- MBG/NBD: A1 + ln B(a, b+x+1) - ln B(a, b) + ln(exp(A3) + exp(A4)),
           A4 = ln a - ln(b+x) - (r+x) ln(alpha+t_x)
computed with logaddexp. Fits maximise the weighted sum over groups of identical
(x, t_x, T) (weights = number of customers), over log-parameters, with L-BFGS-B and a
Nelder-Mead fallback.

Predictions, for a horizon t (same unit), with D = 1 + d (d as below):
- P(alive) = 1 / (1 + d), d = a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x) for BG/NBD when x > 0
  (d = 0 when x = 0), d = a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x) for MBG/NBD.
- E[X(t) | x, t_x, T] = c (1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x+k; c'; z)) / D,
  z = t/(alpha+T+t); BG/NBD: c = (a+b+x-1)/(a-1), k = 0, c' = a+b+x-1;
  MBG/NBD: c = (a+b+x)/(a-1), k = 1, c' = a+b+x.
- P(no purchase in (T, T+t]) = 1 - P(alive) + P(alive) ((alpha+T)/(alpha+T+t))^(r+x): a
  customer alive at T drops out only right after a purchase, so "no purchase" is "dead" or
  "alive and the Poisson process has no event", whose probability under the posterior
  Gamma(r+x, alpha+T) of lambda is that power. It holds for both models (MBG/NBD's extra
  drop-out is also at a purchase), with each model's P(alive).
The Gauss hypergeometric 2F1 (scipy.special.hyp2f1) can return inf or nan for large
parameters near z = 1; those are retried with Euler's transformation
2F1(A, B; C; z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z), and what still fails is nan, which
the callers report as a prediction reason instead of a number.

Gamma-Gamma (parameters p, q, gamma; repeat buyers with positive mean value m of their x
repeat purchases): the value of a purchase is Gamma(p, nu), nu ~ Gamma(q, gamma); the
log-likelihood of (x, m) is ln G(px+q) - ln G(px) - ln G(q) + q ln gamma + (px-1) ln m
+ px ln x - (px+q) ln(x m + gamma), and E[value | x, m] = p (gamma + x m) / (p x + q - 1)
(the population mean p gamma / (q - 1) for x = 0).

Discounted CLV over a horizon H days at annual rate d_r: the horizon is cut into K =
max(1, round(H / 30.4375)) equal periods ending at h_k = k H / K days; CLV = value *
sum_k (E[X(h_k)] - E[X(h_{k-1})]) / (1 + d_r)^(h_k / 365).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special

TIME_UNIT_DAYS = 7
PURCHASE_MODELS = ("bg_nbd", "mbg_nbd")
PURCHASE_PARAMETERS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMETERS = ("p", "q", "gamma")
# log-parameters are searched in [-LOG_BOUND, LOG_BOUND]; an optimum on a bound is not converged
LOG_BOUND = 12.0


@dataclass
class FitResult:
    """One model's maximum likelihood fit; params is empty when it did not converge."""

    model_name: str
    params: dict[str, float] = field(default_factory=dict)
    log_likelihood: float = float("nan")
    customers: int = 0
    converged: bool = False
    reason: str = ""
    correlation: float = float("nan")  # Gamma-Gamma only: corr(frequency, mean value)


def group_summary(x, t_x, t):
    """Unique (x, t_x, T) rows and how many customers share each: (x, t_x, T, weights)."""
    stacked = np.column_stack([np.asarray(x, float), np.asarray(t_x, float), np.asarray(t, float)])
    if len(stacked) == 0:
        empty = np.zeros(0)
        return empty, empty, empty, empty
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return unique[:, 0], unique[:, 1], unique[:, 2], counts.astype(float)


def _by_x(x):
    """(unique x, index of each row's x): the special functions of x alone run per unique x."""
    return np.unique(np.asarray(x, float), return_inverse=True)


def log_likelihood(model_name, params, x, t_x, t, x_index=None):
    """Each customer's log-likelihood under the purchase model (array).

    x_index, from _by_x(x), saves recomputing it on every call of an optimiser.
    """
    r, alpha, a, b = (params[name] for name in PURCHASE_PARAMETERS)
    x, t_x, t = (np.asarray(v, float) for v in (x, t_x, t))
    ux, inverse = _by_x(x) if x_index is None else x_index
    a1 = (special.gammaln(r + ux) - special.gammaln(r))[inverse] + r * np.log(alpha)
    a3 = -(r + x) * np.log(alpha + t)
    if model_name == "bg_nbd":
        a2 = (special.betaln(a, b + ux) - special.betaln(a, b))[inverse]
        with np.errstate(divide="ignore", invalid="ignore"):
            a4 = np.log(a) - np.log(b + x - 1) - (r + x) * np.log(alpha + t_x)
        a4 = np.where(x > 0, a4, -np.inf)
    elif model_name == "mbg_nbd":
        a2 = (special.betaln(a, b + ux + 1) - special.betaln(a, b))[inverse]
        a4 = np.log(a) - np.log(b + x) - (r + x) * np.log(alpha + t_x)
    else:
        raise ValueError(f"unknown purchase model {model_name!r}: one of {PURCHASE_MODELS}")
    return a1 + a2 + np.logaddexp(a3, a4)


def _minimize(objective, start, maxiter):
    """L-BFGS-B on log-parameters, Nelder-Mead from its end point when it fails.

    objective(log_params) returns (value, gradient): L-BFGS-B uses the gradient, Nelder-Mead
    only the value.
    """
    bounds = [(-LOG_BOUND, LOG_BOUND)] * len(start)
    result = optimize.minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": maxiter},
    )
    if not result.success or not np.isfinite(result.fun):
        fallback = optimize.minimize(
            lambda log_params: objective(log_params)[0],
            np.clip(result.x if np.all(np.isfinite(result.x)) else start, -LOG_BOUND, LOG_BOUND),
            method="Nelder-Mead",
            bounds=bounds,
            options={"maxiter": maxiter * 20, "xatol": 1e-7, "fatol": 1e-10},
        )
        if fallback.success and np.isfinite(fallback.fun):
            return fallback, "nelder-mead"
        return (
            fallback,
            f"no convergence (L-BFGS-B: {result.message}; Nelder-Mead: {fallback.message})",
        )
    return result, "l-bfgs-b"


def _checked(result, how, names):
    """(converged, reason): converged needs success, finite values and no parameter on a bound."""
    if how not in ("l-bfgs-b", "nelder-mead"):
        return False, how
    if not np.all(np.isfinite(result.x)):
        return False, "non-finite parameters"
    on_bound = [n for n, v in zip(names, result.x, strict=True) if abs(v) >= LOG_BOUND - 1e-6]
    if on_bound:
        return False, f"parameter(s) {', '.join(on_bound)} at the search bound (not identified)"
    return True, f"converged ({how})"


# an objective's value where the log-likelihood is not finite: the optimiser backs off
NOT_FINITE = 1e12


def purchase_objective(model_name, x, t_x, t, weights):
    """The mean negative log-likelihood over log-parameters and its gradient: f(log_params).

    The same sum as log_likelihood, arranged for speed on many groups: the special
    functions of x run per unique x, ln(alpha + T) and ln(alpha + t_x) per unique T and t_x
    (a few thousand days, against hundreds of thousands of groups), and the gradient is
    analytic (d/d ln p = p d/dp), so L-BFGS-B needs one evaluation per step, not five:
    - d/dr: psi(r+x) - psi(r) + ln alpha - w3 ln(alpha+T) - w4 ln(alpha+t_x)
    - d/dalpha: r/alpha - (r+x) (w3/(alpha+T) + w4/(alpha+t_x))
    - d/da: psi(a+b) - psi(a+b+y) + w4/a
    - d/db: psi(b+y) - psi(b) + psi(a+b) - psi(a+b+y) - w4/(b+y-1)
    with y = x (BG/NBD) or x + 1 (MBG/NBD), w3 = exp(A3 - ll3), w4 = exp(A4 - ll3) the shares
    of the two terms in ln(exp(A3) + exp(A4)) = ll3 (w4 = 0 where BG/NBD has x = 0), i.e.
    the sigmoids of -(A4 - A3) and A4 - A3.
    """
    if model_name not in PURCHASE_MODELS:
        raise ValueError(f"unknown purchase model {model_name!r}: one of {PURCHASE_MODELS}")
    x, t_x, t, weights = (np.asarray(v, float) for v in (x, t_x, t, weights))
    share = weights / weights.sum()
    ux, ix = np.unique(x, return_inverse=True)
    ut, it = np.unique(t, return_inverse=True)
    utx, itx = np.unique(t_x, return_inverse=True)
    # per unique x: the summed share of its groups, for the terms of x alone
    x_share = np.bincount(ix, weights=share, minlength=len(ux))
    y = ux if model_name == "bg_nbd" else ux + 1
    has_a4 = (x > 0) if model_name == "bg_nbd" else np.ones_like(x, bool)
    # the unique x with the A4 term (BG/NBD has none at x = 0, where b + y - 1 = b - 1)
    ux_a4 = (ux > 0) if model_name == "bg_nbd" else np.ones_like(ux, bool)

    def objective(log_params):
        r, alpha, a, b = np.exp(log_params)
        with np.errstate(all="ignore"):
            log_t = np.log(alpha + ut)[it]
            log_tx = np.log(alpha + utx)[itx]
            a1 = special.gammaln(r + ux) - special.gammaln(r) + r * np.log(alpha)
            a2 = special.betaln(a, b + y) - special.betaln(a, b)
            rx = r + x
            a3 = -rx * log_t
            # d = A4 - A3; ll3 = A3 + softplus(d), w4 = sigmoid(d), w3 = sigmoid(-d), all
            # from one exp(-|d|) (logaddexp and two more exps cost a third of the time)
            d = np.where(
                has_a4, (np.log(a) - np.log(b + y - 1))[ix] + rx * (log_t - log_tx), -np.inf
            )
            e = np.exp(-np.abs(d))
            ll3 = a3 + np.maximum(d, 0.0) + np.log1p(e)
            value = -(x_share @ (a1 + a2) + share @ ll3)
            if not np.isfinite(value):
                return NOT_FINITE, np.zeros(4)
            positive = d >= 0
            sw4 = share * np.where(positive, 1.0, e) / (1 + e)
            sw3 = share * np.where(positive, e, 1.0) / (1 + e)
            psi_ab = special.digamma(a + b)
            d_r = (
                x_share @ (special.digamma(r + ux) - special.digamma(r))
                + np.log(alpha)
                - sw3 @ log_t
                - sw4 @ log_tx
            )
            d_alpha = (
                r / alpha
                - (sw3 * rx) @ (1 / (alpha + ut))[it]
                - (sw4 * rx) @ (1 / (alpha + utx))[itx]
            )
            psi_aby = special.digamma(a + b + y)
            d_a = x_share @ (psi_ab - psi_aby) + sw4.sum() / a
            d_b = x_share @ (
                special.digamma(b + y) - special.digamma(b) + psi_ab - psi_aby
            ) - np.bincount(ix, weights=sw4, minlength=len(ux)) @ np.where(
                ux_a4, 1 / (b + y - 1), 0.0
            )
            gradient = -np.array([r * d_r, alpha * d_alpha, a * d_a, b * d_b])
        if not np.all(np.isfinite(gradient)):
            return NOT_FINITE, np.zeros(4)
        return value, gradient

    return objective


def fit_purchase_model(model_name, x, t_x, t, weights=None, maxiter=500, start=None):
    """Maximum likelihood fit of BG/NBD or MBG/NBD on (grouped) summaries; never raises on data.

    start: parameters to start from (e.g. another window's fit), else r = 1, alpha = mean T,
    a = b = 1.
    """
    x, t_x, t = (np.asarray(v, float) for v in (x, t_x, t))
    weights = np.ones_like(x) if weights is None else np.asarray(weights, float)
    customers = int(np.rint(weights.sum()))
    if customers == 0:
        return FitResult(model_name, customers=0, reason="no customers to fit")
    if not np.any(x > 0):
        return FitResult(model_name, customers=customers, reason="no repeat purchases to fit")
    total = weights.sum()
    objective = purchase_objective(model_name, x, t_x, t, weights)

    # start: r = 1, alpha = the mean T (unit rate about 1 / T), a = 1, b = 1
    if start:
        start = np.log([start[name] for name in PURCHASE_PARAMETERS])
    else:
        start = np.log([1.0, max(float(np.average(t, weights=weights)), 1e-3), 1.0, 1.0])
    result, how = _minimize(objective, start, maxiter)
    converged, reason = _checked(result, how, PURCHASE_PARAMETERS)
    if not converged:
        return FitResult(model_name, customers=customers, reason=reason)
    params = dict(zip(PURCHASE_PARAMETERS, map(float, np.exp(result.x)), strict=True))
    return FitResult(model_name, params, -float(result.fun) * total, customers, True, reason)


def gamma_gamma_log_likelihood(params, x, mean_value, x_index=None):
    """Each repeat buyer's Gamma-Gamma log-likelihood of their mean value (array)."""
    p, q, gamma = (params[name] for name in GAMMA_GAMMA_PARAMETERS)
    x, m = np.asarray(x, float), np.asarray(mean_value, float)
    ux, inverse = _by_x(x) if x_index is None else x_index
    px = p * x
    return (
        (special.gammaln(p * ux + q) - special.gammaln(p * ux))[inverse]
        - special.gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(x * m + gamma)
    )


def gamma_gamma_objective(x, m, weights):
    """The mean negative Gamma-Gamma log-likelihood over log-parameters, and its gradient.

    The same sum as gamma_gamma_log_likelihood; the terms of x alone run per unique x, the
    sums of x ln m and x ln x once, and the gradient is analytic:
    - d/dp: x (psi(px+q) - psi(px) + ln m + ln x - ln(x m + gamma))
    - d/dq: psi(px+q) - psi(q) + ln gamma - ln(x m + gamma)
    - d/dgamma: q/gamma - (px+q)/(x m + gamma)
    """
    share = weights / weights.sum()
    ux, ix = np.unique(x, return_inverse=True)
    x_share = np.bincount(ix, weights=share, minlength=len(ux))
    with np.errstate(all="ignore"):
        log_m = np.log(m)
        # the terms without a parameter inside a function: sum_i share_i x_i ln m_i, ...
        x_log_m = share @ (x * log_m)
        x_log_x = x_share @ (ux * np.log(ux))
        log_m_total = share @ log_m
    sx = share * x

    def objective(log_params):
        p, q, gamma = np.exp(log_params)
        with np.errstate(all="ignore"):
            log_xm = np.log(x * m + gamma)
            pux = p * ux
            value = -(
                x_share @ (special.gammaln(pux + q) - special.gammaln(pux))
                - special.gammaln(q)
                + q * np.log(gamma)
                + p * x_log_m
                - log_m_total
                + p * x_log_x
                - (p * sx + q * share) @ log_xm
            )
            if not np.isfinite(value):
                return NOT_FINITE, np.zeros(3)
            psi_sum = special.digamma(pux + q)
            d_p = (
                (x_share * ux) @ (psi_sum - special.digamma(pux)) + x_log_m + x_log_x - sx @ log_xm
            )
            d_q = x_share @ psi_sum - special.digamma(q) + np.log(gamma) - share @ log_xm
            d_gamma = q / gamma - (p * sx + q * share) @ (1 / (x * m + gamma))
            gradient = -np.array([p * d_p, q * d_q, gamma * d_gamma])
        if not np.all(np.isfinite(gradient)):
            return NOT_FINITE, np.zeros(3)
        return value, gradient

    return objective


def fit_gamma_gamma(x, mean_value, weights=None, maxiter=500):
    """Gamma-Gamma fit on the repeat buyers (x > 0) with a positive mean value."""
    x, m = np.asarray(x, float), np.asarray(mean_value, float)
    weights = np.ones_like(x) if weights is None else np.asarray(weights, float)
    keep = (x > 0) & (m > 0) & np.isfinite(m)
    x, m, weights = x[keep], m[keep], weights[keep]
    customers = int(np.rint(weights.sum()))
    if customers < 2:
        return FitResult("gamma_gamma", customers=customers, reason="fewer than 2 repeat buyers")
    total = weights.sum()
    correlation = float(np.corrcoef(x, m)[0, 1]) if np.std(x) > 0 and np.std(m) > 0 else np.nan

    objective = gamma_gamma_objective(x, m, weights)

    # start: p = 1, q = 2 so the population mean p gamma / (q - 1) is the mean value
    start = np.log([1.0, 2.0, max(float(np.average(m, weights=weights)), 1e-6)])
    result, how = _minimize(objective, start, maxiter)
    converged, reason = _checked(result, how, GAMMA_GAMMA_PARAMETERS)
    if converged and np.exp(result.x[1]) <= 1:
        converged, reason = False, "q <= 1: the expected value is infinite"
    if not converged:
        return FitResult("gamma_gamma", customers=customers, reason=reason, correlation=correlation)
    params = dict(zip(GAMMA_GAMMA_PARAMETERS, map(float, np.exp(result.x)), strict=True))
    return FitResult(
        "gamma_gamma", params, -float(result.fun) * total, customers, True, reason, correlation
    )


def _log_odds_dead(model_name, params, x, t_x, t):
    r, alpha, a, b = (params[name] for name in PURCHASE_PARAMETERS)
    shift = -1.0 if model_name == "bg_nbd" else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_d = (
            np.log(a) - np.log(b + x + shift) + (r + x) * (np.log(alpha + t) - np.log(alpha + t_x))
        )
    if model_name == "bg_nbd":
        log_d = np.where(x > 0, log_d, -np.inf)
    return log_d


def p_alive(model_name, params, x, t_x, t):
    """P(alive at T | x, t_x, T), in [0, 1]."""
    x, t_x, t = (np.asarray(v, float) for v in (x, t_x, t))
    return special.expit(-_log_odds_dead(model_name, params, x, t_x, t))


def _hyp2f1(a, b, c, z):
    """2F1; Euler's transformation where scipy's value is not finite (nan if both fail)."""
    with np.errstate(all="ignore"):
        value = special.hyp2f1(a, b, c, z)
        bad = ~np.isfinite(value)
        if np.any(bad):
            a, b, c, z = np.broadcast_arrays(a, b, c, z)
            euler = np.power(1 - z[bad], c[bad] - a[bad] - b[bad]) * special.hyp2f1(
                c[bad] - a[bad], c[bad] - b[bad], c[bad], z[bad]
            )
            value = np.array(value, float)
            value[bad] = np.where(np.isfinite(euler), euler, np.nan)
    return value


def _expected_if_alive(model_name, params, horizon, x, t):
    """E[purchases in (T, T + horizon] | alive at T, x, T]: the prediction without P(alive).

    It depends on x and T only (not t_x), so callers evaluate it per unique (x, T).
    """
    r, alpha, a, b = (params[name] for name in PURCHASE_PARAMETERS)
    k = 0.0 if model_name == "bg_nbd" else 1.0
    c = a + b + x - 1 + k
    z = horizon / (alpha + t + horizon)
    with np.errstate(all="ignore"):
        power = np.exp((r + x) * (np.log(alpha + t) - np.log(alpha + t + horizon)))
        return c / (a - 1) * (1 - power * _hyp2f1(r + x, b + x + k, c, z))


def unique_pairs(x, t):
    """(unique x, unique T, index of each row's pair) of 1-D x and T.

    A pair is one complex number, so numpy sorts a 1-D array (much faster than unique rows).
    """
    pairs, inverse = np.unique(x + 1j * t, return_inverse=True)
    return pairs.real, pairs.imag, inverse.ravel()


def _if_alive_by_pair(model_name, params, horizons, x, t, pairs=None):
    """[_expected_if_alive per horizon], each row's value, computed once per unique (x, T).

    pairs: unique_pairs(x, t), when the caller already has it.
    """
    if pairs is not None or (x.ndim == 1 and x.shape == t.shape):
        ux, ut, inverse = unique_pairs(x, t) if pairs is None else pairs
        return [
            _expected_if_alive(model_name, params, horizon, ux, ut)[inverse] for horizon in horizons
        ]
    return [_expected_if_alive(model_name, params, horizon, x, t) for horizon in horizons]


def _finite_non_negative(value):
    # tiny negative values are rounding when the horizon is 0; nan where 2F1 failed
    return np.where(np.isfinite(value), np.maximum(value, 0.0), np.nan)


def conditional_expected_purchases(model_name, params, horizon, x, t_x, t, pairs=None):
    """E[number of purchases in (T, T + horizon] | x, t_x, T]; nan where 2F1 failed.

    pairs: unique_pairs(x, t) of 1-D x and T, to reuse across calls.
    """
    x, t_x, t = (np.asarray(v, float) for v in (x, t_x, t))
    horizon = np.asarray(horizon, float)
    if horizon.ndim == 0:
        [if_alive] = _if_alive_by_pair(model_name, params, [horizon], x, t, pairs)
    else:
        if_alive = _expected_if_alive(model_name, params, horizon, x, t)
    return _finite_non_negative(if_alive * p_alive(model_name, params, x, t_x, t))


def p_no_purchase(model_name, params, horizon, x, t_x, t):
    """P(no purchase in (T, T + horizon] | x, t_x, T): the churn probability."""
    r, alpha = params["r"], params["alpha"]
    x, t_x, t = (np.asarray(v, float) for v in (x, t_x, t))
    alive = p_alive(model_name, params, x, t_x, t)
    power = np.exp((r + x) * (np.log(alpha + t) - np.log(alpha + t + np.asarray(horizon, float))))
    return 1 - alive + alive * power


def expected_purchase_value(params, x, mean_value):
    """Gamma-Gamma E[value of a purchase | x, m]; the population mean where x = 0."""
    p, q, gamma = (params[name] for name in GAMMA_GAMMA_PARAMETERS)
    x = np.asarray(x, float)
    m = np.where(x > 0, np.nan_to_num(np.asarray(mean_value, float)), 0.0)
    return p * (gamma + x * m) / (p * x + q - 1)


def discounted_expected_purchases(
    model_name, params, x, t_x, t, horizon_days, annual_discount_rate, time_unit_days, pairs=None
):
    """sum_k (E[X(h_k)] - E[X(h_{k-1})]) / (1 + rate)^(h_k / 365) over monthly periods.

    P(alive) is computed once and each E[X(h_k)] per unique (x, T): E[X(h)] is P(alive)
    times a function of x, T and h.
    """
    x, t_x, t = (np.asarray(v, float) for v in (x, t_x, t))
    periods = max(1, round(horizon_days / 30.4375))
    days = [horizon_days * k / periods for k in range(1, periods + 1)]
    alive = p_alive(model_name, params, x, t_x, t)
    if_alive = _if_alive_by_pair(
        model_name, params, [d / time_unit_days for d in days], x, t, pairs
    )
    total = np.zeros(np.broadcast(x, t).shape)
    previous = np.zeros_like(total)
    for day, value in zip(days, if_alive, strict=True):
        current = _finite_non_negative(value * alive)
        total = total + (current - previous) / (1 + annual_discount_rate) ** (day / 365)
        previous = current
    return total


def clv_discounted(
    model_name,
    params,
    gg_params,
    x,
    t_x,
    t,
    mean_value,
    horizon_days,
    annual_discount_rate,
    time_unit_days,
):
    """Discounted CLV over horizon_days: expected purchase value x discounted purchases."""
    purchases = discounted_expected_purchases(
        model_name, params, x, t_x, t, horizon_days, annual_discount_rate, time_unit_days
    )
    return expected_purchase_value(gg_params, x, mean_value) * purchases
