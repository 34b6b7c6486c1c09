"""The buy-till-you-die models of segdb.clv, without dbt.

Published figures (Fader, Hardie & Lee 2005, the CDNOW example in weeks),
parameter recovery from simulated customers, bounds, and fits that cannot
converge.
"""

from __future__ import annotations

import numpy as np
import pytest

from segdb import clv

# the CDNOW BG/NBD fit (time unit: weeks) and its Gamma-Gamma fit
BG_NBD = (0.243, 4.414, 0.793, 2.426)
GAMMA_GAMMA = (6.25, 3.74, 15.44)


def test_bg_nbd_published_conditional_expectation():
    # x = 2, t_x = 30.43, T = 38.86: 1.226 purchases expected in the next 39 weeks
    value = clv.expected_purchases("bg_nbd", BG_NBD, 39, 2, 30.43, 38.86)
    assert round(float(value), 3) == 1.226


def test_gamma_gamma_published_expected_value():
    # two repeat purchases averaging 30.00: (15.44 + 2 * 30) * 6.25 / (2 * 6.25 + 3.74 - 1)
    value = clv.expected_purchase_value(GAMMA_GAMMA, 2, 30.0)
    assert round(float(value), 2) == 30.94
    # without a repeat purchase, the population mean p * gamma / (q - 1)
    assert float(clv.expected_purchase_value(GAMMA_GAMMA, 0, np.nan)) == pytest.approx(
        6.25 * 15.44 / 2.74
    )


def simulate(model: str, params, customers: int, seed: int):
    """x, t_x, T of customers drawn from BG/NBD (or MBG/NBD) with the given parameters."""
    r, alpha, a, b = params
    rng = np.random.default_rng(seed)
    rate = rng.gamma(r, 1 / alpha, customers)
    dropout = rng.beta(a, b, customers)
    age = np.round(rng.uniform(20, 80, customers))
    x = np.zeros(customers)
    t_x = np.zeros(customers)
    for i in range(customers):
        if model == "mbg_nbd" and rng.random() < dropout[i]:
            continue  # dropped out at the first purchase
        t = 0.0
        while True:
            t += rng.exponential(1 / rate[i])
            if t > age[i]:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < dropout[i]:
                break
    return x, t_x, age


@pytest.mark.parametrize("model", clv.PURCHASE_MODELS)
def test_purchase_parameters_are_recovered(model):
    x, t_x, age = simulate(model, BG_NBD, 20_000, seed=1)
    fit = clv.fit_purchases(model, x, t_x, age)
    assert fit.converged, fit.reason
    assert fit.customers == 20_000
    r, alpha, a, b = (fit.parameters[name] for name in clv.PURCHASE_PARAMETERS)
    # the rate distribution is well identified; a and b less so, their mean better
    assert r == pytest.approx(BG_NBD[0], rel=0.10)
    assert alpha == pytest.approx(BG_NBD[1], rel=0.15)
    assert a / (a + b) == pytest.approx(BG_NBD[2] / (BG_NBD[2] + BG_NBD[3]), rel=0.20)
    assert a == pytest.approx(BG_NBD[2], rel=0.35)
    assert b == pytest.approx(BG_NBD[3], rel=0.45)


def test_grouped_fit_equals_the_fit_on_every_customer():
    x, t_x, age = simulate("bg_nbd", BG_NBD, 3_000, seed=2)
    t_x = np.round(t_x)
    each = clv.fit_purchases("bg_nbd", x, t_x, age)
    keys, counts = np.unique(np.column_stack([x, t_x, age]), axis=0, return_counts=True)
    grouped = clv.fit_purchases("bg_nbd", keys[:, 0], keys[:, 1], keys[:, 2], counts)
    assert len(keys) < 3_000
    assert grouped.log_likelihood == pytest.approx(each.log_likelihood, rel=1e-6)
    for name in clv.PURCHASE_PARAMETERS:
        assert grouped.parameters[name] == pytest.approx(each.parameters[name], rel=1e-3)


def test_gamma_gamma_parameters_are_recovered():
    p, q, gamma = GAMMA_GAMMA
    rng = np.random.default_rng(3)
    scale = rng.gamma(q, 1 / gamma, 5_000)
    x = rng.integers(1, 8, 5_000)
    mean = np.array([rng.gamma(p, 1 / scale[i], x[i]).mean() for i in range(5_000)])
    fit = clv.fit_gamma_gamma(x, mean)
    assert fit.converged, fit.reason
    assert fit.parameters["p"] == pytest.approx(p, rel=0.15)
    assert fit.parameters["q"] == pytest.approx(q, rel=0.15)
    assert fit.parameters["gamma"] == pytest.approx(gamma, rel=0.20)
    # drawn independently: the correlation between frequency and value is near 0
    assert abs(fit.extra["frequency_value_correlation"]) < 0.05


def test_gamma_gamma_ignores_one_time_buyers_and_reports_dependence():
    # value grows with frequency: the correlation says the assumption fails
    x = np.array([0, 1, 2, 3, 4, 5, 6] * 20)
    mean = np.where(x > 0, 10.0 * x + np.tile(np.arange(7), 20) % 3, 0.0)
    fit = clv.fit_gamma_gamma(x, mean)
    assert fit.customers == 120  # the 20 customers with x = 0 are not in the fit
    assert fit.extra["frequency_value_correlation"] > 0.9


@pytest.mark.parametrize("model", clv.PURCHASE_MODELS)
def test_predictions_are_within_their_bounds(model):
    x = np.array([0, 0, 1, 2, 5, 20, 60])
    t_x = np.array([0, 0, 3, 30, 50, 70, 78])
    age = np.array([1, 80, 40, 38, 60, 80, 80])
    alive = clv.p_alive(model, BG_NBD, x, t_x, age)
    expected = clv.expected_purchases(model, BG_NBD, 52, x, t_x, age)
    none = clv.p_no_purchase(model, BG_NBD, 52, x, t_x, age)
    value = clv.discounted_value(model, BG_NBD, 25.0, 52, 365 / 12 / 7, 0.10, 365 / 7, x, t_x, age)
    assert np.all((alive >= 0) & (alive <= 1))
    assert np.all(np.isfinite(expected)) and np.all(expected >= 0)
    assert np.all((none >= 0) & (none <= 1))
    assert np.all(np.isfinite(value)) and np.all(value >= 0)
    # discounting: the value is below the undiscounted one, above zero purchases' worth
    assert np.all(value <= expected * 25.0 + 1e-9)
    # more repeat purchases at the same recency: more expected purchases
    assert expected[5] > expected[4] > expected[2]


def test_mbg_nbd_one_time_buyers_may_have_left():
    age = np.array([10.0, 40.0, 80.0])
    zero = np.zeros(3)
    assert np.all(clv.p_alive("bg_nbd", BG_NBD, zero, zero, age) == 1.0)
    alive = clv.p_alive("mbg_nbd", BG_NBD, zero, zero, age)
    assert np.all(alive < 1)
    # hand-computed: 1 / (1 + a / b * ((alpha + T) / alpha) ** r) at T = 10
    assert alive[0] == pytest.approx(1 / (1 + 0.793 / 2.426 * (14.414 / 4.414) ** 0.243))
    # the longer without a repeat purchase, the likelier gone
    assert alive[0] > alive[1] > alive[2]


def test_no_purchase_probability_by_hand():
    # a one-time buyer under BG/NBD is alive: P(no purchase in t) = ((alpha+T)/(alpha+T+t))^r
    value = clv.p_no_purchase("bg_nbd", BG_NBD, 52, 0, 0, 38.86)
    assert float(value) == pytest.approx(((4.414 + 38.86) / (4.414 + 38.86 + 52)) ** 0.243)


def test_discounting_by_hand():
    # at a zero rate the value is E[X(horizon)] * value; at 10 % a year, one step of
    # a year is discounted once
    args = ("bg_nbd", BG_NBD)
    purchases = float(clv.expected_purchases(*args, 52, 2, 30.43, 38.86))
    undiscounted = clv.discounted_value(*args, 30.0, 52, 52 / 12, 0.0, 52, 2, 30.43, 38.86)
    assert float(undiscounted) == pytest.approx(purchases * 30.0)
    one_step = clv.discounted_value(*args, 30.0, 52, 52, 0.10, 52, 2, 30.43, 38.86)
    assert float(one_step) == pytest.approx(purchases * 30.0 / 1.1)


def test_fits_that_cannot_converge_say_why():
    stopped = clv.fit_purchases("bg_nbd", [1, 2, 0], [1, 2, 0], [3, 4, 5], max_iterations=1)
    assert not stopped.converged
    assert "did not converge" in stopped.reason
    nobody = clv.fit_purchases("mbg_nbd", [], [], [])
    assert not nobody.converged and "no customer" in nobody.reason
    no_repeat = clv.fit_purchases("bg_nbd", [0, 0], [0, 0], [3, 4])
    assert not no_repeat.converged and "no repeat purchase" in no_repeat.reason
    flat = clv.fit_gamma_gamma([1, 2], [10.0, 10.0])
    assert not flat.converged and "different mean values" in flat.reason
    with pytest.raises(ValueError, match="unknown purchase model"):
        clv.fit_purchases("pareto_nbd", [1], [1], [2])
