"""The clustering Python models, called directly with a small fake `dbt` object.

Each model file is loaded with importlib and its model(dbt, session) called on an
in-memory DuckDB holding a planted dataset: three well-separated groups of buyers
in the long form of seg_cluster_features. No dbt build is involved, so these tests
run in seconds; test_clusters.py covers the models end to end.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

SEGMENTS = Path(__file__).resolve().parents[2] / "models" / "segments" / "clustering"

# The planted groups: (customers, revenue median, purchases, days since last order,
# discount share, main channel)
GROUPS = {
    "vip": (120, 3000.0, 14, 12, 0.05, "app"),
    "lapsed": (100, 150.0, 2, 400, 0.2, "web"),
    "deal": (80, 400.0, 6, 60, 0.85, "marketplace"),
}

META = {
    "features": [
        {
            "name": "completed_revenue",
            "transform": "log1p",
            "high": "high value",
            "low": "low value",
        },
        {"name": "purchase_count", "transform": "log1p", "high": "frequent", "low": "rare"},
        {
            "name": "days_since_last_order",
            "transform": "log1p",
            "high": "inactive",
            "low": "recent",
        },
        {"name": "discount_order_share", "transform": "none", "high": "deal-driven", "low": ""},
    ],
    "categorical_features": [{"name": "primary_purchase_channel", "label": "{category} shoppers"}],
    "categorical_weight": 0.5,
    "k": None,
    "k_min": 2,
    "k_max": 6,
    "k_tolerance": 0.02,
    "random_state": 42,
    "sample_size": 10_000,
    "silhouette_sample_size": 1_000,
    "minibatch_above": 5_000,
    "n_init": 4,
    "min_customers": 20,
    "order_by": "completed_revenue",
}


def load_model(name: str):
    spec = importlib.util.spec_from_file_location(name, SEGMENTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeConfig:
    """dbt.config: called with literals in the model, .get() reads the YAML config."""

    def __init__(self, meta: dict):
        self.meta = meta

    def __call__(self, **kwargs) -> None:
        pass

    def get(self, key, default=None):
        return {"meta": self.meta}.get(key, default)


class FakeDbt:
    """What a Python model sees of dbt: ref(), config and this."""

    def __init__(self, session: duckdb.DuckDBPyConnection, meta: dict, this: str):
        self.session = session
        self.config = FakeConfig(meta)
        self.this = this

    def ref(self, name: str) -> duckdb.DuckDBPyRelation:
        return self.session.table(name)


def planted_features(seed: int = 0, prefix: str = "c", scale: float = 1.0) -> pd.DataFrame:
    """Long-form features of the planted groups (some values missing, as in real data)."""
    rng = np.random.default_rng(seed)
    rows = []
    number = 0
    for size, revenue, purchases, recency, discount, channel in GROUPS.values():
        for _ in range(round(size * scale)):
            number += 1
            customer = f"{prefix}{number:05d}"
            values = {
                "completed_revenue": revenue * rng.lognormal(0, 0.25),
                "purchase_count": max(1, round(purchases * rng.lognormal(0, 0.2))),
                "days_since_last_order": recency * rng.lognormal(0, 0.25),
                "discount_order_share": (
                    None
                    if rng.random() < 0.05
                    else float(np.clip(rng.normal(discount, 0.08), 0, 1))
                ),
                "tenure_days": float(rng.integers(30, 900)),
            }
            for feature, value in values.items():
                rows.append((customer, feature, value, None))
            main = channel if rng.random() < 0.8 else rng.choice(["web", "app", "store"])
            rows.append((customer, "primary_purchase_channel", None, str(main)))
    return pd.DataFrame(rows, columns=["customer_id", "feature", "numeric_value", "text_value"])


def session_with(features: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    session = duckdb.connect()
    session.register("features_frame", features)
    session.execute("create table seg_cluster_features as select * from features_frame")
    session.unregister("features_frame")
    return session


def run_models(session, meta: dict, previous: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """k selection then centroids, as dbt runs them; each table then replaces its previous one."""
    selection_model = load_model("seg_cluster_k_selection")
    centroids_model = load_model("seg_cluster_centroids")
    this_selection = "seg_cluster_k_selection" if previous else "no_previous_k_selection"
    selection = selection_model.model(FakeDbt(session, meta, this_selection), session)
    session.register("selection_frame", selection)
    session.execute(
        "create or replace table seg_cluster_k_selection as select * from selection_frame"
    )
    this_centroids = "seg_cluster_centroids" if previous else "no_previous_centroids"
    centroids = centroids_model.model(FakeDbt(session, meta, this_centroids), session)
    session.register("centroids_frame", centroids)
    session.execute(
        "create or replace table seg_cluster_centroids as select * from centroids_frame"
    )
    return selection, centroids


def per_cluster(centroids: pd.DataFrame, column: str = "centroid_value") -> pd.DataFrame:
    return centroids.pivot(index="cluster_id", columns="encoded_feature", values=column)


@pytest.fixture
def planted():
    session = session_with(planted_features())
    yield session
    session.close()


def test_k_is_chosen_by_silhouette_and_finds_the_planted_groups(planted):
    selection, centroids = run_models(planted, META)
    assert list(selection["k"]) == [2, 3, 4, 5, 6]
    assert selection["is_chosen"].sum() == 1
    assert selection.loc[selection["is_chosen"], "k"].item() == 3
    best = selection.loc[selection["silhouette"].idxmax()]
    assert best["k"] == 3 and best["selection"].startswith("best silhouette")
    for column in ["inertia", "silhouette", "davies_bouldin", "calinski_harabasz"]:
        assert selection[column].notna().all(), column
    # inertia falls as k grows
    assert selection["inertia"].is_monotonic_decreasing
    sizes = sorted(centroids.drop_duplicates("cluster_id")["cluster_size_in_sample"])
    planted_sizes = sorted(group[0] for group in GROUPS.values())
    assert np.abs(np.subtract(sizes, planted_sizes)).max() <= 5, sizes


def test_ids_follow_order_by_and_names_describe_the_groups(planted):
    _, centroids = run_models(planted, META)
    clusters = centroids.drop_duplicates("cluster_id").set_index("cluster_id")
    revenue = per_cluster(centroids)["completed_revenue"]
    assert list(revenue.sort_values(ascending=False).index) == [1, 2, 3]
    assert clusters["id_source"].unique().tolist() == ["ordered by completed_revenue"]
    names = clusters["cluster_name"]
    assert names.is_unique
    assert names[1].startswith("High value") and "recent" in names[1]
    assert "deal-driven" in names[2] or "marketplace" in names[2]
    assert "inactive" in names[3]
    assert clusters["cluster_description"].str.contains("median completed revenue").any()
    assert (centroids["segment"] == "cluster_" + centroids["cluster_id"].astype(str)).all()


def test_encoding_is_exported_for_sql(planted):
    _, centroids = run_models(planted, META)
    encoding = centroids.drop_duplicates("encoded_feature").set_index("encoded_feature")
    assert encoding.loc["completed_revenue", "transform"] == "log1p"
    assert encoding.loc["discount_order_share", "transform"] == "none"
    # the missing discount shares are imputed with the median
    assert 0 < encoding.loc["discount_order_share", "impute_value"] < 1
    indicators = encoding[encoding["transform"] == "indicator"]
    assert set(indicators["category"]) == {"app", "web", "marketplace", "store"}
    assert np.allclose(indicators["scaler_scale"], 1 / META["categorical_weight"])
    # the centroid in original units is the back-transformed scaled centroid
    revenue = centroids[centroids["encoded_feature"] == "completed_revenue"]
    back = np.expm1(revenue["centroid_scaled"] * revenue["scaler_scale"] + revenue["scaler_mean"])
    assert np.allclose(back, revenue["centroid_value"])


def test_same_inputs_give_the_same_tables(planted):
    first = run_models(planted, META)
    second = run_models(session_with(planted_features()), META)
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(
    "change",
    [
        {"k": 4},
        {"features": META["features"][:3]},
        {"categorical_features": []},
        {"categorical_weight": 3.0},
        {"sample_size": 150},
        {"k_min": 4},
    ],
    ids=lambda change: ",".join(change),
)
def test_a_changed_parameter_changes_the_result(planted, change):
    selection, centroids = run_models(planted, META)
    changed_selection, changed_centroids = run_models(planted, {**META, **change})
    assert not (selection.equals(changed_selection) and centroids.equals(changed_centroids)), (
        f"meta {change} did not change the result"
    )


def test_random_state_draws_another_sample(planted):
    sampled = {**META, "sample_size": 200}
    _, first = run_models(planted, sampled)
    _, second = run_models(planted, {**sampled, "random_state": 7})
    assert not np.allclose(per_cluster(first, "scaler_mean"), per_cluster(second, "scaler_mean"))
    assert (first["sample_size"] == 200).all()


def test_a_fixed_k_is_the_only_k_tried(planted):
    selection, centroids = run_models(planted, {**META, "k": 4})
    assert selection[["k", "is_chosen", "selection"]].values.tolist() == [
        [4, True, "fixed by meta.k"]
    ]
    assert centroids["cluster_id"].nunique() == 4


def test_ids_are_matched_to_the_previous_build(planted):
    _, before = run_models(planted, META)
    # ids of the previous build that the ordering rule would not give (vip = 3, ...)
    before["cluster_id"] = before["cluster_id"].map({1: 3, 2: 1, 3: 2})
    # 5% newcomers, a different seed for k-means: the same groups must keep their ids
    grown = pd.concat([planted_features(), planted_features(seed=1, prefix="n", scale=0.05)])
    session = session_with(grown)
    session.register("previous_frame", before)
    session.execute("create table seg_cluster_centroids as select * from previous_frame")
    _, after = run_models(session, {**META, "random_state": 3}, previous=True)
    assert after["id_source"].unique().tolist() == ["matched to the previous build"]
    revenue_before = per_cluster(before)["completed_revenue"]
    revenue_after = per_cluster(after)["completed_revenue"]
    assert np.allclose(revenue_before, revenue_after, rtol=0.1)
    moved = after.drop_duplicates("cluster_id")["moved_since_previous"]
    assert moved.notna().all() and (moved < 0.5).all()


def test_without_previous_build_a_new_seed_keeps_the_ordering(planted):
    _, first = run_models(planted, META)
    _, second = run_models(planted, {**META, "random_state": 3})
    first_revenue = per_cluster(first)["completed_revenue"]
    second_revenue = per_cluster(second)["completed_revenue"]
    assert np.allclose(first_revenue, second_revenue, rtol=1e-6)


def test_the_previous_k_is_kept_within_the_tolerance(planted):
    run_models(planted, {**META, "k": 4})
    # the stored selection says k=4 was chosen last time; silhouettes of 3 and 4 differ
    # by more than a tiny tolerance but less than a large one
    selection, _ = run_models(planted, {**META, "k_tolerance": 1.0}, previous=True)
    assert selection.loc[selection["is_chosen"], "k"].item() == 4
    assert selection["selection"].iloc[0].startswith("previous k kept")
    run_models(planted, {**META, "k": 4})
    selection, _ = run_models(planted, {**META, "k_tolerance": 0.0}, previous=True)
    assert selection.loc[selection["is_chosen"], "k"].item() == 3


def test_too_few_customers_make_one_cluster():
    session = session_with(planted_features(scale=0.04))
    selection, centroids = run_models(session, META)
    assert selection[["k", "is_chosen", "algorithm"]].values.tolist() == [[1, True, "none"]]
    assert "too few customers" in selection["selection"].item()
    assert centroids["cluster_id"].unique().tolist() == [1]
    assert np.allclose(centroids["centroid_scaled"], 0)


def test_identical_customers_do_not_break_the_choice_of_k():
    features = planted_features()
    features.loc[features["numeric_value"].notna(), "numeric_value"] = 1.0
    features.loc[features["text_value"].notna(), "text_value"] = "web"
    with pytest.warns(UserWarning, match="Number of distinct clusters"):
        selection, centroids = run_models(session_with(features), META)
    assert selection["is_chosen"].sum() == 1
    assert selection["selection"].iloc[0].startswith("no k separates the customers")
    assert not centroids.empty


def test_no_buyers_give_an_empty_but_typed_table():
    session = session_with(planted_features().head(0))
    selection, centroids = run_models(session, META)
    assert selection["k"].tolist() == [0]
    assert centroids.empty
    columns = {row[0]: row[1] for row in session.sql("describe seg_cluster_centroids").fetchall()}
    assert columns["cluster_id"] == "BIGINT" and columns["centroid_scaled"] == "DOUBLE"
    assert columns["cluster_name"] == "VARCHAR"


def test_minibatch_kmeans_above_the_threshold(planted):
    selection, centroids = run_models(planted, {**META, "minibatch_above": 100})
    assert set(selection["algorithm"]) == {"minibatch_kmeans"}
    assert centroids["algorithm"].unique().tolist() == ["minibatch_kmeans"]
    assert selection.loc[selection["is_chosen"], "k"].item() == 3


def test_unknown_feature_and_parameter_are_reported(planted):
    with pytest.raises(ValueError, match="not in seg_cluster_features: basket_colour"):
        run_models(planted, {**META, "features": [*META["features"], {"name": "basket_colour"}]})
    with pytest.raises(ValueError, match="unknown clustering parameter"):
        run_models(planted, {**META, "n_clusters": 5})
    with pytest.raises(ValueError, match="order_by must name one of"):
        run_models(planted, {**META, "order_by": "primary_purchase_channel"})


def test_a_feature_missing_for_everybody_weighs_nothing(planted):
    planted.execute(
        "update seg_cluster_features set numeric_value = null where feature = 'tenure_days'"
    )
    with_empty = {**META, "features": [*META["features"], {"name": "tenure_days"}]}
    _, centroids = run_models(planted, with_empty)
    tenure = centroids[centroids["feature"] == "tenure_days"]
    assert np.allclose(tenure["centroid_scaled"], 0)
    assert centroids["cluster_id"].nunique() == 3
    misfiled = {**META, "features": [*META["features"], {"name": "primary_purchase_channel"}]}
    misfiled["categorical_features"] = []
    with pytest.raises(ValueError, match="primary_purchase_channel is categorical"):
        run_models(planted, misfiled)


def test_centroids_refuse_a_selection_made_with_other_features(planted):
    run_models(planted, META)
    centroids_model = load_model("seg_cluster_centroids")
    other = {**META, "features": META["features"][:2]}
    with pytest.raises(ValueError, match="built with other features"):
        centroids_model.model(FakeDbt(planted, other, "none"), planted)
