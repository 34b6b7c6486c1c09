"""The clustering package (src/segdb/clustering/) as ordinary Python: no dbt involved.

The two Python models in models/segments/clustering/ are thin callers of this
package; test_cluster_models.py runs them once through a fake `dbt` object and
test_clusters.py end to end. Here each step is checked on small hand-made inputs.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from test_cluster_models import META, planted_features

from segdb import clustering
from segdb.clustering.encoding import draw_sample, encode, fit_encoding
from segdb.clustering.matching import assign_ids
from segdb.clustering.naming import fmt, make_name, name_clusters
from segdb.clustering.params import selection_sample_size
from segdb.clustering.relations import to_pandas
from segdb.clustering.selection import choose_k, previous_k, silhouette_rows, silhouettes

# ---- parameters


def test_parameters_fill_the_defaults_and_normalise_features():
    params = clustering.read_parameters(
        {
            "features": ["tenure_days", {"name": "revenue", "transform": "log1p", "weight": 2}],
            "categorical_features": ["channel"],
        }
    )
    assert params["features"] == [
        {"name": "tenure_days", "transform": "none", "weight": 1.0},
        {"name": "revenue", "transform": "log1p", "weight": 2},
    ]
    assert params["categorical_features"] == [{"name": "channel"}]
    for key in set(clustering.DEFAULTS) - {"features", "categorical_features"}:
        assert params[key] == clustering.DEFAULTS[key], key
    assert clustering.feature_spec(params) == (
        "tenure_days:none, revenue:log1p*2, channel:onehot*0.5"
    )


def test_reading_parameters_leaves_the_meta_unchanged():
    meta = {"features": [{"name": "revenue"}], "k": 4}
    clustering.read_parameters(meta)
    assert meta == {"features": [{"name": "revenue"}], "k": 4}


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"features": ["a"], "n_clusters": 5}, "unknown clustering parameter"),
        (None, "lists no clustering feature"),
        ({"features": [{"name": "a", "transform": "sqrt"}]}, "transform must be log1p or none"),
        ({"features": ["a"], "categorical_features": ["a"]}, "listed twice"),
        ({"features": ["a"], "categorical_features": ["c"], "order_by": "c"}, "order_by must"),
        ({"features": ["a"], "k": 1}, "meta.k must be at least 2"),
        ({"features": ["a"], "k_min": 1}, "2 <= k_min <= k_max"),
        ({"features": ["a"], "k_min": 6, "k_max": 5}, "2 <= k_min <= k_max"),
        ({"features": ["a"], "k_selection_sample_size": 0}, "must be a positive integer"),
        ({"features": ["a"], "k_selection_sample_size": True}, "must be a positive integer"),
        ({"features": ["a"], "k_selection_sample_size": "20000"}, "must be a positive integer"),
        ({"features": ["a"], "k_selection_sample_size": 2.5e4}, "must be a positive integer"),
        ({"features": ["a"], "sample_size": -1}, "sample_size must be a positive integer"),
        ({"features": ["a"], "min_customers": 0}, "min_customers must be a positive integer"),
        ({"features": ["a"], "threads": 0}, "threads must be a positive integer"),
        ({"features": ["a"], "k_selection_sample_size": 29}, "at least min_customers \\(30\\)"),
        ({"features": ["a"], "sample_size": 10, "min_customers": 11}, "sample_size must be at"),
    ],
)
def test_bad_parameters_are_refused(meta, message):
    with pytest.raises(ValueError, match=message):
        clustering.read_parameters(meta)


def test_k_is_chosen_on_at_most_the_fit_sample():
    meta = {"features": ["a"], "min_customers": 5}
    assert clustering.DEFAULTS["k_selection_sample_size"] == 20_000
    assert selection_sample_size(clustering.read_parameters(meta)) == 20_000
    small = clustering.read_parameters({**meta, "sample_size": 5_000})
    assert selection_sample_size(small) == 5_000  # never more than the fit sample
    both = clustering.read_parameters({**meta, "sample_size": 5_000, "k_selection_sample_size": 5})
    assert selection_sample_size(both) == 5


def test_the_fits_run_on_meta_threads():
    from threadpoolctl import threadpool_info

    from segdb.clustering.kmeans import limited_threads

    with limited_threads(clustering.read_parameters({"features": ["a"]})):
        pools = threadpool_info()
        assert pools and {pool["num_threads"] for pool in pools} == {1}


# ---- reading the inputs


def test_features_are_pivoted_in_the_database():
    long = pd.DataFrame(
        [
            ("c2", "revenue", 10.0, None),
            ("c2", "channel", None, "web"),
            ("c1", "revenue", None, None),
            ("c1", "channel", None, "app"),
            ("c1", "unused", 3.0, None),
        ],
        columns=["customer_id", "feature", "numeric_value", "text_value"],
    )
    params = clustering.read_parameters(
        {"features": ["revenue"], "categorical_features": ["channel"]}
    )
    frame = clustering.read_features(duckdb.from_df(long), params)
    assert frame.columns.tolist() == ["customer_id", "revenue", "channel"]
    assert frame["customer_id"].tolist() == ["c1", "c2"]
    assert frame["revenue"].dtype == "float64" and np.isnan(frame["revenue"][0])
    assert frame["channel"].tolist() == ["app", "web"]
    unknown = clustering.read_parameters({"features": ["revenue", "basket"]})
    with pytest.raises(ValueError, match="not in seg_cluster_features: basket; available: "):
        clustering.read_features(duckdb.from_df(long), unknown)


def test_previous_table_is_none_without_a_previous_build():
    session = duckdb.connect()
    assert clustering.previous_table(session, "no_such_table", "k") is None
    session.execute("create table seg_cluster_k_selection as select 3 as k, true as is_chosen")
    previous = clustering.previous_table(session, "seg_cluster_k_selection", "k, is_chosen")
    assert previous.to_dict("records") == [{"k": 3, "is_chosen": True}]
    with pytest.raises(TypeError, match="cannot convert list to pandas"):
        to_pandas([1, 2])


def test_chosen_k_needs_one_chosen_k_with_the_same_features():
    params = clustering.read_parameters({"features": ["revenue"]})
    selection = pd.DataFrame(
        {"k": [3, 4], "is_chosen": [False, True], "features": ["revenue:none"] * 2}
    )
    assert clustering.chosen_k(duckdb.from_df(selection), params) == 4
    other = clustering.read_parameters({"features": [{"name": "revenue", "transform": "log1p"}]})
    with pytest.raises(ValueError, match="built with other features"):
        clustering.chosen_k(duckdb.from_df(selection), other)
    selection["is_chosen"] = True
    with pytest.raises(ValueError, match="has 2 chosen k, expected 1"):
        clustering.chosen_k(duckdb.from_df(selection), params)


# ---- sample and encoding


def customers(count: int, prefix: str = "c") -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [f"{prefix}{i:05d}" for i in range(count)]})


def test_the_sample_is_deterministic_and_stable_when_customers_join():
    params = {"sample_size": 100, "random_state": 42}
    frame = customers(1000)
    sample = draw_sample(frame, params)
    assert len(sample) == 100 and sample["customer_id"].is_monotonic_increasing
    pd.testing.assert_frame_equal(sample, draw_sample(frame, params))
    assert not sample.equals(draw_sample(frame, {**params, "random_state": 7}))
    # newcomers only displace: no customer already there enters the sample
    grown = pd.concat([frame, customers(200, prefix="n")]).sort_values("customer_id")
    after = set(draw_sample(grown.reset_index(drop=True), params)["customer_id"])
    before = set(sample["customer_id"])
    newcomers = {c for c in after if c.startswith("n")}
    assert after - newcomers <= before
    assert len(before - after) == len(newcomers) > 0
    # a population within sample_size is the sample
    pd.testing.assert_frame_equal(draw_sample(frame.head(100), params), frame.head(100))


def test_the_encoding_imputes_transforms_and_scales():
    params = clustering.read_parameters(
        {
            "features": [{"name": "revenue", "transform": "log1p", "weight": 2}, "share"],
            "categorical_features": ["channel"],
            "categorical_weight": 0.5,
            "min_category_share": 0.15,
        }
    )
    sample = pd.DataFrame(
        {
            "revenue": [0.0, 9.0, 99.0, np.nan, 999.0, 9.0, 9.0, 99.0, 9.0, 99.0],
            "share": [0.5] * 10,  # constant: scale 1, not 0
            "channel": ["web"] * 5 + ["app"] * 2 + [None, None, "fax"],
        }
    )
    encoding = fit_encoding(sample, params).set_index("encoded_feature")
    assert encoding.index.tolist() == [
        "revenue",
        "share",
        "channel=app",
        "channel=unknown",
        "channel=web",
    ]  # fax (1 in 10) is rarer than min_category_share; missing counts as 'unknown'
    assert encoding.loc["revenue", "impute_value"] == 9.0  # median in original units
    logged = np.log1p(sample["revenue"].fillna(9.0))
    assert np.isclose(encoding.loc["revenue", "scaler_mean"], logged.mean())
    assert np.isclose(encoding.loc["revenue", "scaler_scale"], logged.std(ddof=0) / 2)
    assert encoding.loc["share", "scaler_scale"] == 1.0
    assert encoding.loc["channel=web", "scaler_mean"] == 0.5
    assert encoding.loc["channel=web", "scaler_scale"] == 2.0
    matrix = encode(sample, encoding.reset_index())
    assert np.allclose(matrix.mean(axis=0), 0)
    assert np.isclose(matrix[:, 0].std(), 2)  # the weight
    # the missing channel counts as 'unknown', the rare one as no kept category
    assert np.allclose(matrix[8, 2:] / 0.5, [0 - 0.2, 1 - 0.2, 0 - 0.5])
    assert np.allclose(matrix[9, 2:] / 0.5, [0 - 0.2, 0 - 0.2, 0 - 0.5])


def test_a_feature_missing_for_everybody_is_imputed_with_zero():
    params = clustering.read_parameters({"features": ["tenure"]})
    sample = pd.DataFrame({"tenure": [np.nan, np.nan, np.nan]})
    encoding = fit_encoding(sample, params)
    assert encoding[["impute_value", "scaler_mean", "scaler_scale"]].values.tolist() == [
        [0.0, 0.0, 1.0]
    ]
    assert np.allclose(encode(sample, encoding), 0)


# ---- choosing k


def scored(*silhouettes) -> list[dict]:
    return [{"k": k, "silhouette": s} for k, s in enumerate(silhouettes, start=3)]


def test_k_is_the_best_silhouette_with_ties_to_the_smaller_k():
    assert choose_k(scored(0.2, 0.4, 0.4, 0.1), None, 0.0) == (4, "best silhouette in 3..6")
    assert choose_k(scored(0.2, None, 0.3), None, 0.0) == (5, "best silhouette in 3..5")


def test_the_previous_k_is_kept_only_within_the_tolerance():
    rows = scored(0.30, 0.33, 0.35)
    k, reason = choose_k(rows, 3, 0.05)
    assert k == 3 and reason == "previous k kept: silhouette within 0.05 of the best (k=5)"
    assert choose_k(rows, 3, 0.04) == (5, "best silhouette in 3..5")
    assert choose_k(rows, 9, 1.0) == (5, "best silhouette in 3..5")  # not tried now


def test_without_any_silhouette_the_smallest_k_is_chosen():
    k, reason = choose_k(scored(None, float("nan")), None, 0.0)
    assert k == 3 and reason.startswith("no k separates the customers")


def test_silhouettes_by_hand():
    """Points 0, 1, 10, 11 on a line; distances are differences."""
    matrix = np.array([[0.0], [1.0], [10.0], [11.0]])
    two = np.array([0, 0, 1, 1])
    three = np.array([5, 5, 7, 9])  # any label values; 10 and 11 alone
    one = np.zeros(4, dtype=int)
    scores = silhouettes(matrix, [two, three, one], np.arange(4))
    # two groups: a = 1 everywhere; b = 10.5 for 0 and 11, 9.5 for 1 and 10
    assert scores[0] == pytest.approx((9.5 / 10.5 + 8.5 / 9.5) / 2)
    # three: 0 (b = 10, the nearer of 10 and 11) and 1 (b = 9); a point alone scores 0
    assert scores[1] == pytest.approx((9 / 10 + 8 / 9 + 0 + 0) / 4)
    assert scores[2] is None  # one cluster: undefined
    # on a sub-sample only its rows count: of 0, 10 and 11, 0 is now alone (scores 0);
    # 10: a = 1, b = 10; 11: a = 1, b = 11
    sub = silhouettes(matrix, [two], np.array([0, 2, 3]))[0]
    assert sub == pytest.approx((0 + 9 / 10 + 10 / 11) / 3)


def test_silhouettes_are_scikit_learns_on_its_sub_sample():
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(0)
    matrix = np.concatenate([rng.normal(c, 1.0, (150, 3)) for c in (0, 4, 8)])
    labelings = [np.repeat([0, 1, 2], 150), rng.integers(0, 5, 450), np.arange(450) % 2]
    rows = silhouette_rows(len(matrix), 200, random_state=42)
    assert len(rows) == len(set(rows)) == 200
    expected = [
        silhouette_score(matrix, labels, sample_size=200, random_state=42) for labels in labelings
    ]
    assert np.allclose(silhouettes(matrix, labelings, rows, chunk=64), expected, rtol=0, atol=1e-12)
    assert silhouette_rows(100, 200, random_state=42).tolist() == list(range(100))


def test_the_previous_k_counts_only_for_the_same_features():
    previous = pd.DataFrame(
        {"k": [3, 4], "is_chosen": [False, True], "features": ["a:none", "a:none"]}
    )
    assert previous_k(previous, "a:none") == 4
    assert previous_k(previous, "a:log1p") is None
    assert previous_k(previous.head(0), "a:none") is None
    assert previous_k(None, "a:none") is None
    assert previous_k(previous.assign(is_chosen=True), "a:none") is None


# ---- ids and names

ENCODING = pd.DataFrame(
    {
        "feature": ["revenue", "recency"],
        "category": [None, None],
        "encoded_feature": ["revenue", "recency"],
        "transform": ["none", "none"],
        "scaler_mean": [0.0, 0.0],
        "scaler_scale": [1.0, 1.0],
    }
)
ID_PARAMS = {"k_max": 5, "order_by": "revenue"}


def test_without_a_previous_build_ids_follow_order_by():
    centers = np.array([[0.0, 1.0], [2.0, 0.0], [-1.0, 0.0]])
    ids, source, moved = assign_ids(centers, ENCODING, None, ID_PARAMS)
    assert ids == {1: 1, 0: 2, 2: 3} and source == "ordered by revenue" and moved == {}


def previous_build(centers: np.ndarray, ids: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"cluster_id": cid, "encoded_feature": feature, "centroid_value": value}
            for cid, center in zip(ids, centers, strict=True)
            for feature, value in zip(ENCODING["encoded_feature"], center, strict=True)
        ]
    )


def test_ids_are_inherited_from_the_nearest_previous_centroid():
    old = np.array([[0.0, 1.0], [2.0, 0.0], [-1.0, 0.0]])
    previous = previous_build(old, [4, 2, 1])
    new = np.array([[-1.1, 0.0], [0.0, 1.2], [2.0, 0.0], [5.0, 5.0]])
    ids, source, moved = assign_ids(new, ENCODING, previous, ID_PARAMS)
    assert source == "matched to the previous build"
    assert ids == {0: 1, 1: 4, 2: 2, 3: 3}  # the new cluster takes an id never used
    assert moved.keys() == {0, 1, 2}
    assert np.isclose(moved[0], 0.1) and np.isclose(moved[1], 0.2) and moved[2] == 0
    # a previous build sharing fewer than half of the features is not matched
    unrelated = previous.assign(encoded_feature="basket")
    assert assign_ids(new, ENCODING, unrelated, ID_PARAMS)[1] == "ordered by revenue"


def test_names_are_unique_and_use_the_strongest_deviations():
    params = clustering.read_parameters(
        {
            "features": [
                {"name": "revenue", "high": "high value", "low": "low value"},
                {"name": "recency", "high": "inactive", "low": ""},
            ],
            "name_parts": 1,
        }
    )
    z = np.array([[2.0, 1.0], [2.0, -1.5], [2.0, 1.0], [0.1, 0.2]])
    names = name_clusters(params, ENCODING, z, z, {0: 1, 1: 2, 2: 3, 3: 4})
    # the clash on 'High value' takes a further part; of two identical clusters, the
    # first takes its id
    assert names == {
        0: "High value · inactive (1)",
        1: "High value",
        2: "High value · inactive",
        3: "Typical buyers",
    }
    assert make_name([(1.0, 1, "recent"), (2.0, 0, "low value")], 2) == "Low value · recent"


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234.5, "1,234"), (12.0, "12"), (12.34, "12.3"), (0.5, "0.5"), (0.0, "0"), (None, "n/a")],
)
def test_numbers_in_descriptions(value, text):
    assert fmt(value) == text
    assert fmt(float("nan")) == "n/a"


# ---- the two tables


@pytest.fixture(scope="module")
def planted_frame() -> tuple[pd.DataFrame, dict]:
    params = clustering.read_parameters(META)
    frame = clustering.read_features(duckdb.from_df(planted_features()), params)
    return frame, params


def test_the_centroids_refit_is_the_fit_the_selection_scored(planted_frame):
    frame, params = planted_frame
    selection = clustering.select_k(frame, {**params, "k": 3})  # one fit: fast
    chosen = [row for row in selection if row["is_chosen"]]
    assert len(chosen) == 1 and chosen[0]["k"] == 3
    rows = pd.DataFrame(clustering.fit_centroids(frame, params, chosen[0]["k"]))
    assert rows["k"].unique().tolist() == [3]
    # the sample's squared distances to the centroids it is nearest to: the inertia
    sample = draw_sample(frame, params)
    encoding = fit_encoding(sample, params)
    centers = (
        rows.pivot(index="cluster_id", columns="encoded_feature", values="centroid_scaled")
        .reindex(columns=encoding["encoded_feature"])
        .to_numpy()
    )
    distances = ((encode(sample, encoding)[:, None, :] - centers[None]) ** 2).sum(axis=2)
    assert np.isclose(distances.min(axis=1).sum(), chosen[0]["inertia"], rtol=1e-9)
    sizes = rows.drop_duplicates("cluster_id")["cluster_size_in_sample"]
    assert sizes.sum() == chosen[0]["sample_size"] == len(sample)


def test_k_is_chosen_on_the_selection_sample_only(planted_frame):
    """The selection on 100 of 300 customers is the selection of those 100 alone."""
    frame, params = planted_frame
    split = {**params, "sample_size": 300, "k_selection_sample_size": 100}
    rows = clustering.select_k(frame, split)
    # the 100 customers with the smallest hashes: part of the fit sample of 300
    part = draw_sample(frame, {**split, "sample_size": 100})
    assert len(frame) == 300 and len(part) == 100
    assert set(part["customer_id"]) < set(draw_sample(frame, split)["customer_id"])
    alone = clustering.select_k(part, {**split, "sample_size": 100})
    for row, expected in zip(rows, alone, strict=True):
        assert row == {**expected, "population": 300}
    assert {row["sample_size"] for row in rows} == {100}
    assert rows == clustering.select_k(frame, split)  # deterministic: fixed seeds


def test_the_chosen_k_is_fitted_on_the_whole_fit_sample(planted_frame):
    """k chosen on 60 of the 300 planted customers; the fit of that k uses all 300."""
    frame, params = planted_frame
    split = {**params, "sample_size": 300, "k_selection_sample_size": 60}
    selection = clustering.select_k(frame, split)
    chosen = [row for row in selection if row["is_chosen"]]
    assert [(row["k"], row["sample_size"]) for row in chosen] == [(3, 60)]
    rows = pd.DataFrame(clustering.fit_centroids(frame, split, chosen[0]["k"]))
    assert rows["sample_size"].unique().tolist() == [300]
    clusters = rows.drop_duplicates("cluster_id")
    # the planted groups by revenue (ids 1, 2, 3): vip 120, deal 80, lapsed 100
    sizes = clusters.set_index("cluster_id")["cluster_size_in_sample"]
    assert sizes.sum() == 300
    assert np.abs(sizes.loc[[1, 2, 3]].to_numpy() - [120, 80, 100]).max() <= 5, sizes
    # the fit does not depend on the selection sample: as when k is chosen on all 300
    whole = pd.DataFrame(
        clustering.fit_centroids(frame, {**split, "k_selection_sample_size": 300}, 3)
    )
    pd.testing.assert_frame_equal(rows, whole)


def test_the_tables_rows_are_complete_and_ordered(planted_frame):
    frame, params = planted_frame
    rows = clustering.fit_centroids(frame, params, 3)
    keys = [(row["cluster_id"], row["encoded_feature"]) for row in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert clustering.fit_centroids(frame, params, 0) == []
    assert clustering.fit_centroids(frame.head(0), params, 3) == []
    selection = clustering.select_k(frame.head(0), params)
    assert [(row["k"], row["is_chosen"], row["population"]) for row in selection] == [(0, True, 0)]


def test_rows_become_a_typed_table_with_its_columns_in_order():
    columns = "k int64, share float64, name string, is_chosen bool"
    frame = clustering.table([{"is_chosen": True, "name": "a", "share": None, "k": 3}], columns)
    assert frame.columns.tolist() == ["k", "share", "name", "is_chosen"]
    assert frame.dtypes.astype(str).tolist() == ["int64", "float64", "string", "bool"]
    assert np.isnan(frame["share"][0])
    empty = clustering.table([], columns)
    assert empty.empty and empty.dtypes.astype(str).tolist() == [
        "int64",
        "float64",
        "string",
        "bool",
    ]
    with pytest.raises(ValueError, match="are not the table's"):
        clustering.table([{"k": 3, "share": 0.5, "name": "a"}], columns)
