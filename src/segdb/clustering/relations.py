"""Reading the models' inputs from the adapter's relations (DuckDB or Spark).

dbt.ref() gives a DuckDBPyRelation on dbt-duckdb and a Spark DataFrame on
Databricks; these functions use only what both offer, so filtering, pivoting
and projection run in the database and only the needed columns reach pandas.
"""

from __future__ import annotations

import pandas as pd

from segdb.clustering.params import feature_spec


def to_pandas(relation) -> pd.DataFrame:
    """A relation of the adapter's Python runtime as a pandas DataFrame."""
    for method in ("df", "toPandas", "to_pandas"):  # DuckDB, Spark, Snowpark
        if hasattr(relation, method):
            return getattr(relation, method)()
    raise TypeError(f"cannot convert {type(relation).__name__} to pandas")


def project(relation, columns: list[str]):
    """The relation's columns (SQL expressions): DuckDB's project, Spark's selectExpr."""
    if hasattr(relation, "project"):  # DuckDB
        return relation.project(", ".join(columns))
    return relation.selectExpr(*columns)  # Spark (Databricks)


def aggregate(relation, group_by: str, aggregates: list[str]):
    """One row per group_by value with the aggregate expressions, in the database."""
    if hasattr(relation, "aggregate"):  # DuckDB
        return relation.aggregate(", ".join([group_by, *aggregates]), group_by)
    from pyspark.sql import functions  # Spark (Databricks)

    return relation.groupBy(group_by).agg(*(functions.expr(sql) for sql in aggregates))


def read_features(features, params: dict) -> pd.DataFrame:
    """Every clustered customer with the configured features, one row each, by customer_id.

    `features` is the relation of seg_cluster_features (long form: customer_id,
    feature, numeric_value, text_value). Filtering and pivoting run in the
    database; only the needed columns reach pandas.
    """
    numeric = [f["name"] for f in params["features"]]
    categorical = [f["name"] for f in params["categorical_features"]]
    wanted = ", ".join(f"'{name}'" for name in numeric + categorical)
    pivots = [f"max(case when feature = '{n}' then numeric_value end) as {n}" for n in numeric] + [
        f"max(case when feature = '{c}' then text_value end) as {c}" for c in categorical
    ]
    relation = aggregate(
        features.filter(f"feature in ({wanted})"),
        "customer_id",
        ["count(*) as feature_rows", *pivots],
    )
    frame = to_pandas(relation)
    frame["customer_id"] = frame["customer_id"].astype(str)
    frame = frame.sort_values("customer_id", kind="stable").reset_index(drop=True)
    if len(frame):
        expected = len(numeric) + len(categorical)
        if (frame["feature_rows"] != expected).any():
            known = to_pandas(project(features, ["feature"]).distinct())
            missing = sorted(set(numeric + categorical) - set(known["feature"]))
            raise ValueError(
                f"clustering feature(s) not in seg_cluster_features: {', '.join(missing)}; "
                f"available: {', '.join(sorted(known['feature']))}"
            )
    for name in numeric:
        frame[name] = pd.to_numeric(frame[name], errors="raise").astype("float64")
    for name in categorical:
        frame[name] = frame[name].astype("object")
    # a feature missing for everybody is allowed (an optional column absent from the
    # data: it is imputed and weighs nothing), one listed under the wrong kind is not
    for names, other, kind in (
        (numeric, "text_value", "categorical"),
        (categorical, "numeric_value", "numeric"),
    ):
        for name in names:
            if len(frame) and frame[name].isna().all():
                misfiled = features.filter(f"feature = '{name}' and {other} is not null")
                if len(to_pandas(misfiled.limit(1))):
                    raise ValueError(f"feature {name} is {kind}: list it under that kind in meta")
    return frame.drop(columns="feature_rows")


def chosen_k(selection, params: dict) -> int:
    """The k chosen in `selection` (seg_cluster_k_selection), made with the same features."""
    chosen = to_pandas(project(selection.filter("is_chosen"), ["k", "features"]))
    if len(chosen) != 1:
        raise ValueError(f"seg_cluster_k_selection has {len(chosen)} chosen k, expected 1")
    if chosen["features"].iloc[0] != feature_spec(params):
        raise ValueError(
            "seg_cluster_k_selection was built with other features "
            f"({chosen['features'].iloc[0]!r}, here {feature_spec(params)!r}): "
            "keep one meta for both models and build them together"
        )
    return int(chosen["k"].iloc[0])


def previous_table(session, this, columns: str) -> pd.DataFrame | None:
    """The model's table `this` from the previous build (None when absent or unreadable)."""
    try:
        return to_pandas(session.sql(f"select {columns} from {this}"))
    except Exception:  # first build, or a previous table of another shape
        return None
