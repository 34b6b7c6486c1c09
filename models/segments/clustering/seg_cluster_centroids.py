"""Fit the clustering and export everything SQL needs to score every customer.

Reads the chosen k from seg_cluster_k_selection, fits k-means (mini-batch when the
sample is large) for that k only on the deterministic fit sample (at most
sample_size customers; k was chosen on a part of it), and
returns one row per cluster and encoded feature: how to encode the feature
(transform, imputation value, scaler mean and scale) and the centroid in scaled
and in original units, with the cluster's id, generated name and description.

Cluster ids are stable: when this table exists from a previous build, the new
centroids are matched to the previous ones (Hungarian matching on squared
distances in the current scaled space) and inherit their ids; otherwise ids
follow the clusters' centroid on meta.order_by (highest first). Parameters come
from the YAML `config: meta:` shared with seg_cluster_k_selection. The logic is
the package's (src/segdb/clustering/, tested in tests/python/test_clustering.py):
this file reads the inputs, calls it and types the table.
"""

from segdb import clustering

# the table's columns, in order, and their dtypes
COLUMNS = (
    "cluster_id int64, segment string, cluster_name string, cluster_description string,"
    " feature string, category string, encoded_feature string, transform string,"
    " impute_value float64, scaler_mean float64, scaler_scale float64,"
    " centroid_scaled float64, centroid_value float64, population_value float64,"
    " standardized_deviation float64, cluster_size_in_sample int64,"
    " cluster_share_in_sample float64, moved_since_previous float64, id_source string,"
    " k int64, algorithm string, sample_size int64, features string"
)


def model(dbt, session):
    dbt.config(materialized="table")
    meta = dbt.config.get("meta")  # a statement of its own: dbt finds it by reading the code
    params = clustering.read_parameters(meta)
    # literal refs: dbt reads refs from the code; filtering and pivoting run in DuckDB
    k = clustering.chosen_k(dbt.ref("seg_cluster_k_selection"), params)
    frame = clustering.read_features(dbt.ref("seg_cluster_features"), params)
    # the previous build's centroids, whose ids the new clusters inherit (None on a first build)
    previous = clustering.previous_table(
        session, dbt.this, "cluster_id, encoded_feature, centroid_value"
    )
    return clustering.table(clustering.fit_centroids(frame, params, k, previous), COLUMNS)
