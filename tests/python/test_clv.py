"""segdb.clv: published figures, parameter recovery, bounds and non-convergence.

The last test builds the predictions with var clv_model: mbg_nbd on a copy
of the clean fixture build (the default, bg_nbd, is what every other build
uses).
"""

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from segdb import clv
from segdb.clv import models, tables

# Fader, Hardie & Lee (2005), "Counting your customers the easy way", CDNOW sample, weeks
PUBLISHED_BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
# Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves", Gamma-Gamma
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def test_published_bg_nbd_conditional_expectation():
    expected = clv.conditional_expected_purchases("bg_nbd", PUBLISHED_BG, 39, 2, 30.43, 38.86)
    assert round(float(expected), 3) == 1.226


def test_published_gamma_gamma_expected_value():
    # hand: 6.25 * (15.44 + 2 * 30) / (6.25 * 2 + 3.74 - 1) = 471.5 / 15.24 = 30.938
    assert round(float(clv.expected_purchase_value(PUBLISHED_GG, 2, 30.0)), 2) == 30.94
    # a customer without repeat purchases gets the population mean p gamma / (q - 1)
    assert float(clv.expected_purchase_value(PUBLISHED_GG, 0, np.nan)) == pytest.approx(
        6.25 * 15.44 / 2.74
    )


def test_p_no_purchase_by_hand():
    # BG/NBD, x = 0: P(alive) = 1, so P(no purchase in t) = (alpha + T) / (alpha + T + t))^r
    value = clv.p_no_purchase("bg_nbd", PUBLISHED_BG, 10, 0, 0, 20)
    assert float(value) == pytest.approx((24.414 / 34.414) ** 0.243)


def simulate_bg_nbd(rng, n, r, alpha, a, b, mbg=False):
    """x, t_x, T of n customers with T uniform in [26, 104] weeks (first purchase at 0)."""
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    t_end = rng.uniform(26, 104, n)
    x, t_x = np.zeros(n), np.zeros(n)
    alive = ~(mbg & (rng.random(n) < p)) if mbg else np.ones(n, bool)
    now = np.zeros(n)
    while alive.any():
        now = now + rng.exponential(1 / np.maximum(lam, 1e-12))
        buy = alive & (now <= t_end)
        x[buy] += 1
        t_x[buy] = now[buy]
        alive = buy & (rng.random(n) >= p)
    return x, t_x, t_end


@pytest.mark.parametrize("model_name", ["bg_nbd", "mbg_nbd"])
def test_parameter_recovery(model_name):
    truth = {"r": 0.5, "alpha": 5.0, "a": 0.8, "b": 2.5}
    rng = np.random.default_rng(14)
    x, t_x, t = simulate_bg_nbd(rng, 20_000, *truth.values(), mbg=model_name == "mbg_nbd")
    fit = clv.fit_purchase_model(model_name, *clv.group_summary(x, t_x, t))
    assert fit.converged, fit.reason
    assert fit.customers == 20_000
    # tolerance: 20 % relative on each parameter at 20,000 customers
    for name, value in truth.items():
        assert fit.params[name] == pytest.approx(value, rel=0.20), name


def test_analytic_gradients_match_finite_differences():
    """The fits' objectives equal the log-likelihoods; gradients checked numerically."""
    rng = np.random.default_rng(0)
    n = 2_000
    x = rng.integers(0, 8, n).astype(float)
    t = rng.uniform(1, 100, n)
    t_x = np.where(x > 0, rng.uniform(0, 1, n) * t, 0.0)
    weights = rng.integers(1, 4, n).astype(float)
    for name in clv.PURCHASE_MODELS:
        objective = models.purchase_objective(name, x, t_x, t, weights)
        # b = 1 is the default start, where BG/NBD's ln(b + x - 1) at x = 0 must not leak in
        for log_params in (np.log([1.0, 50.0, 1.0, 1.0]), np.log([0.5, 8.0, 0.7, 3.0])):
            value, gradient = objective(log_params)
            params = dict(zip(models.PURCHASE_PARAMETERS, np.exp(log_params), strict=True))
            ll = clv.log_likelihood(name, params, x, t_x, t)
            assert value == pytest.approx(-np.sum(weights * ll) / weights.sum(), rel=1e-12)
            numeric = optimize.approx_fprime(log_params, lambda p, f=objective: f(p)[0], 1e-7)
            np.testing.assert_allclose(gradient, numeric, atol=1e-5)
    m = rng.gamma(2.0, 30.0, n)
    repeat_x = np.maximum(x, 1.0)
    objective = models.gamma_gamma_objective(repeat_x, m, weights)
    for log_params in (np.log([1.0, 2.0, 60.0]), np.log([3.0, 4.0, 20.0])):
        value, gradient = objective(log_params)
        params = dict(zip(models.GAMMA_GAMMA_PARAMETERS, np.exp(log_params), strict=True))
        ll = clv.gamma_gamma_log_likelihood(params, repeat_x, m)
        assert value == pytest.approx(-np.sum(weights * ll) / weights.sum(), rel=1e-12)
        numeric = optimize.approx_fprime(log_params, lambda p, f=objective: f(p)[0], 1e-7)
        np.testing.assert_allclose(gradient, numeric, atol=1e-5)


def test_fit_table_does_not_depend_on_the_row_order():
    rng = np.random.default_rng(8)
    x, t_x, t = simulate_bg_nbd(rng, 3_000, 0.5, 5.0, 0.8, 2.5)
    frame = pd.DataFrame({"x": x.astype(int), "t_days": np.round(t * 7).astype(int)}).assign(
        t_x_days=np.minimum(np.round(t_x * 7), np.round(t * 7)).astype(int)
    )
    groups = frame.value_counts().rename("customers").reset_index()
    groups = pd.concat([groups.assign(fit_window=w) for w in tables.FIT_WINDOWS])
    buyers = frame[frame["x"] > 0]
    repeat = pd.DataFrame({"x": buyers["x"], "mean_value": rng.gamma(6.0, 5.0, len(buyers))})
    repeat = pd.concat([repeat.assign(fit_window=w) for w in tables.FIT_WINDOWS])
    cutoffs = {"calibration": "2026-01-01", "full": "2026-06-30"}
    fit = tables.fit_table(groups, repeat, cutoffs)
    shuffled = tables.fit_table(
        groups.sample(frac=1, random_state=1), repeat.sample(frac=1, random_state=2), cutoffs
    )
    # rows already in order (as the dbt models read them) take the path without a sort
    ordered = tables.fit_table(
        groups.sort_values(["fit_window", "x", "t_x_days", "t_days"]),
        repeat.sort_values(["fit_window", "x", "mean_value"]),
        cutoffs,
    )
    assert fit["converged"].all()
    pd.testing.assert_frame_equal(fit, shuffled, check_exact=True)
    pd.testing.assert_frame_equal(fit, ordered, check_exact=True)


def test_in_order_is_lexicographic_with_ties():
    first, second = np.array([1, 1, 2, 2]), np.array([5, 5, 0, 3])
    assert tables._in_order([first, second])
    assert not tables._in_order([first, np.array([5, 4, 0, 3])])
    assert not tables._in_order([np.array([1, 2, 1, 2]), second])
    assert tables._in_order([np.array([7]), np.array([1])])
    assert tables._in_order([np.array([]), np.array([])])


def test_grouped_fit_equals_ungrouped():
    rng = np.random.default_rng(3)
    x, t_x, t = simulate_bg_nbd(rng, 2_000, 0.5, 5.0, 0.8, 2.5)
    t = np.round(t)  # shared T values so the grouping merges customers
    t_x = np.minimum(np.round(t_x), t)
    grouped = clv.group_summary(x, t_x, t)
    assert len(grouped[0]) < 2_000
    a = clv.fit_purchase_model("bg_nbd", *grouped)
    b = clv.fit_purchase_model("bg_nbd", x, t_x, t)
    assert a.log_likelihood == pytest.approx(b.log_likelihood, rel=1e-6)


def test_gamma_gamma_recovery():
    truth = {"p": 6.0, "q": 4.0, "gamma": 15.0}
    rng = np.random.default_rng(7)
    n = 20_000
    x = rng.integers(1, 10, n)
    nu = rng.gamma(truth["q"], 1 / truth["gamma"], n)
    # the mean of x Gamma(p, nu) values is Gamma(p x, nu x)
    mean_value = rng.gamma(truth["p"] * x, 1 / (nu * x))
    fit = clv.fit_gamma_gamma(x, mean_value)
    assert fit.converged, fit.reason
    for name, value in truth.items():
        assert fit.params[name] == pytest.approx(value, rel=0.20), name
    assert abs(fit.correlation) < 0.05  # simulated independent of frequency


def test_bounds_and_mbg_one_time_buyers():
    x = np.array([0, 0, 1, 2, 5, 30])
    t_x = np.array([0, 0, 3.0, 30.43, 50, 51])
    t = np.array([1, 80, 40, 38.86, 52, 52])
    for model_name in clv.PURCHASE_MODELS:
        alive = clv.p_alive(model_name, PUBLISHED_BG, x, t_x, t)
        assert np.all((alive >= 0) & (alive <= 1))
        expected = clv.conditional_expected_purchases(model_name, PUBLISHED_BG, 52, x, t_x, t)
        assert np.all(expected >= 0)
        churn = clv.p_no_purchase(model_name, PUBLISHED_BG, 52, x, t_x, t)
        assert np.all((churn >= 0) & (churn <= 1))
        value = clv.clv_discounted(
            model_name, PUBLISHED_BG, PUBLISHED_GG, x, t_x, t, np.full(6, 30.0), 365, 0.10, 7
        )
        assert np.all(np.isfinite(value) & (value >= 0))
    bg = clv.p_alive("bg_nbd", PUBLISHED_BG, x[:2], t_x[:2], t[:2])
    mbg = clv.p_alive("mbg_nbd", PUBLISHED_BG, x[:2], t_x[:2], t[:2])
    assert np.all(bg == 1)
    assert np.all(mbg < 1)
    # the longer a one-time buyer has been silent, the likelier they are lost
    assert mbg[1] < mbg[0]


def test_discounting_lowers_clv():
    args = ("bg_nbd", PUBLISHED_BG, PUBLISHED_GG, 2, 30.43, 38.86, 30.0, 365)
    undiscounted = clv.clv_discounted(*args, 0.0, 7)
    discounted = clv.clv_discounted(*args, 0.10, 7)
    # without discounting the sum telescopes to value x E[X(365 days)]
    purchases = clv.conditional_expected_purchases("bg_nbd", PUBLISHED_BG, 365 / 7, 2, 30.43, 38.86)
    assert float(undiscounted) == pytest.approx(30.938 * float(purchases), rel=1e-4)
    assert float(undiscounted) / 1.10 < float(discounted) < float(undiscounted)


def test_hyp2f1_fallback_and_failure(monkeypatch):
    direct = clv.conditional_expected_purchases("bg_nbd", PUBLISHED_BG, 39, 2, 30.43, 38.86)
    real = models.special.hyp2f1
    calls = []

    def fails_first_call(*args):
        calls.append(args)
        value = real(*args)
        return np.full_like(np.asarray(value, float), np.nan) if len(calls) == 1 else value

    # the direct 2F1 fails: Euler's transformation gives the same value
    monkeypatch.setattr(models.special, "hyp2f1", fails_first_call)
    euler = clv.conditional_expected_purchases("bg_nbd", PUBLISHED_BG, 39, 2, 30.43, 38.86)
    assert len(calls) == 2 and float(euler) == pytest.approx(float(direct), rel=1e-9)
    # both fail: nan, and the scores say why instead of raising
    monkeypatch.setattr(models.special, "hyp2f1", lambda *args: np.nan * np.asarray(args[3]))
    failed = clv.conditional_expected_purchases("bg_nbd", PUBLISHED_BG, 39, 2, 30.43, 38.86)
    assert np.isnan(failed)
    fit_rows = pd.DataFrame(
        {
            "model_name": "bg_nbd",
            "fit_window": ["calibration"] * 4 + ["full"] * 4,
            "parameter_name": list(PUBLISHED_BG) * 2,
            "parameter_value": list(PUBLISHED_BG.values()) * 2,
            "converged": True,
            "fit_reason": "converged",
        }
    )
    groups = pd.DataFrame(
        {"fit_window": tables.FIT_WINDOWS, "x": 2, "t_x_days": 213, "t_days": 272, "customers": 1}
    )
    scores = tables.score_table(fit_rows, groups, "bg_nbd", 365, 180, 0.1)
    assert scores["expected_purchases"].isna().all()
    assert scores["prediction_reason"].str.contains("2F1").all()
    assert scores["p_alive"].between(0, 1).all()


def test_non_converging_fit_gives_null_predictions_with_reason():
    rng = np.random.default_rng(1)
    x, t_x, t = simulate_bg_nbd(rng, 500, 0.5, 5.0, 0.8, 2.5)
    fit = clv.fit_purchase_model("bg_nbd", x, t_x, t, maxiter=1)
    assert not fit.converged and fit.reason and fit.params == {}
    only_first = clv.fit_purchase_model("bg_nbd", np.zeros(5), np.zeros(5), np.ones(5))
    assert not only_first.converged and "repeat" in only_first.reason

    # no calibration customers at all, and only one-time buyers in the full window
    groups = pd.DataFrame(
        {"fit_window": "full", "x": [0, 0], "t_x_days": [0, 0], "t_days": [14, 21], "customers": 1}
    )
    repeat = pd.DataFrame({"fit_window": "full", "x": [1], "mean_value": [10.0]})
    with pytest.warns(RuntimeWarning, match="did not converge"):
        fit_rows = tables.fit_table(
            groups, repeat, {"calibration": "2026-01-01", "full": "2026-06-30"}
        )
    assert set(fit_rows["model_name"]) == {"bg_nbd", "mbg_nbd", "gamma_gamma"}
    assert len(fit_rows) == 2 * (4 + 4 + 3)
    assert not fit_rows["converged"].any()
    assert fit_rows["parameter_value"].isna().all()
    scores = tables.score_table(fit_rows, groups, "bg_nbd", 365, 180, 0.1)
    assert len(scores) == 2
    assert scores["expected_purchases"].isna().all() and scores["p_alive"].isna().all()
    assert scores["prediction_reason"].str.contains("did not converge").all()


def test_score_table_on_a_converged_fit():
    rng = np.random.default_rng(5)
    x, t_x, t = simulate_bg_nbd(rng, 3_000, 0.5, 5.0, 0.8, 2.5)
    frame = pd.DataFrame(
        {"x": x.astype(int), "t_x_days": np.round(t_x * 7), "t_days": np.round(t * 7)}
    )
    frame["t_x_days"] = np.minimum(frame["t_x_days"], frame["t_days"]).astype(int)
    frame["t_days"] = frame["t_days"].astype(int)
    groups = frame.value_counts().rename("customers").reset_index()
    groups = pd.concat([groups.assign(fit_window=w) for w in tables.FIT_WINDOWS])
    buyers = frame[frame["x"] > 0]
    repeat = pd.DataFrame({"x": buyers["x"], "mean_value": rng.gamma(6.0, 5.0, len(buyers))})
    repeat = pd.concat([repeat.assign(fit_window=w) for w in tables.FIT_WINDOWS])
    fit_rows = tables.fit_table(groups, repeat, {"calibration": "2026-01-01", "full": "2026-06-30"})
    assert fit_rows["converged"].all()
    assert (fit_rows["time_unit_days"] == 7).all()
    scores = tables.score_table(fit_rows, groups, "mbg_nbd", 365, 180, 0.1)
    assert scores["prediction_reason"].isna().all()
    assert scores["p_alive"].between(0, 1).all()
    assert (scores["expected_purchases"] >= scores["expected_holdout_purchases"]).all()
    assert (scores["discounted_expected_purchases"] <= scores["expected_purchases"] + 1e-12).all()


PREDICTION_MODELS = (
    "seg_clv_windows",
    "seg_clv_scores",
    "seg_clv_predictions",
    "fct_customer_predictions",
    "rpt_clv_validation",
)


def _one_time_buyers_p_alive(workspace) -> list[tuple]:
    return workspace.query(
        """
        select model_name, min(p_alive), max(p_alive), count(*)
        from main_marts.fct_customer_predictions
        where repeat_purchases = 0
        group by model_name
        """
    )


def test_mbg_nbd_predictions_build_and_give_one_time_buyers_p_alive_below_one(clean, tmp_path):
    """var clv_model: mbg_nbd scores with the MBG/NBD fit, and its tests pass."""
    default = _one_time_buyers_p_alive(clean)
    # BG/NBD: a customer without a repeat purchase cannot have dropped out
    assert [(row[0], row[1], row[2]) for row in default] == [("bg_nbd", 1.0, 1.0)]
    copy = clean.copy(tmp_path / "mbg_nbd")
    result = copy.dbt(
        "build", "--select", " ".join(PREDICTION_MODELS), "--vars", "{clv_model: mbg_nbd}"
    )
    result.assert_ok()
    built = {r["unique_id"].split(".")[-1] for r in copy.run_results() if r["status"] == "success"}
    assert set(PREDICTION_MODELS) <= built
    [(model_name, low, high, customers)] = _one_time_buyers_p_alive(copy)
    assert model_name == "mbg_nbd" and customers == default[0][3]
    assert 0 < low <= high < 1
    models_used = copy.query(
        """
        select distinct model_name from main_marts.fct_customer_predictions
        where model_name is not null
        union all
        select distinct model_name from main_marts.rpt_clv_validation
        """
    )
    assert sorted({row[0] for row in models_used}) == ["mbg_nbd"]
    [(converged,)] = copy.query(
        "select count(*) from main_marts.fct_customer_predictions where p_alive is not null"
    )
    assert converged > 0
