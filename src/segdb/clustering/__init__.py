"""Customer clustering: the logic of the two dbt Python models that fit the clusters.

The models in models/segments/clustering/ are thin callers of this API:

    params = read_parameters(dbt.config.get("meta"))  # the YAML config: meta:
    frame = read_features(dbt.ref("seg_cluster_features"), params)
    # seg_cluster_k_selection
    rows = select_k(frame, params, previous_table(session, dbt.this, "k, ..."))
    # seg_cluster_centroids
    k = chosen_k(dbt.ref("seg_cluster_k_selection"), params)
    rows = fit_centroids(frame, params, k, previous_table(session, dbt.this, "..."))
    return table(rows, "k int64, is_chosen bool, ...")  # typed, columns in order

Modules: params (meta over the defaults), relations (reading DuckDB relations
or Spark DataFrames), encoding (sample, impute, transform, scale), kmeans,
selection (choosing k), matching (stable ids), naming (names, descriptions),
centroids (the fitted clusters), tables (typed frames). seg_cluster then
scores every customer in SQL with the encoding and centroids written here.
"""

from segdb.clustering.centroids import fit_centroids
from segdb.clustering.params import DEFAULTS, feature_spec, read_parameters
from segdb.clustering.relations import chosen_k, previous_table, read_features
from segdb.clustering.selection import select_k
from segdb.clustering.tables import table

__all__ = [
    "DEFAULTS",
    "chosen_k",
    "feature_spec",
    "fit_centroids",
    "previous_table",
    "read_features",
    "read_parameters",
    "select_k",
    "table",
]
