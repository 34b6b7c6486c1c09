"""Choose the number of clusters k: one row per k tried, with its diagnostics.

Fits k-means for every k in [k_min, k_max] on a deterministic sample of the
clustered customers (at most k_selection_sample_size, part of the sample
seg_cluster_centroids fits the chosen k on), or only the configured k, and
returns, per k, inertia,
silhouette (on a sub-sample), Davies-Bouldin and Calinski-Harabasz, and which
k is chosen. Every parameter comes from the model's YAML `config: meta:`
(shared with seg_cluster_centroids through a YAML anchor). The logic is the
package's (src/segdb/clustering/, tested in tests/python/test_clustering.py):
this file reads the inputs, calls it and types the table.
"""

from segdb import clustering

# the table's columns, in order, and their dtypes
COLUMNS = (
    "k int64, is_chosen bool, selection string, inertia float64, silhouette float64,"
    " davies_bouldin float64, calinski_harabasz float64, smallest_cluster_share float64,"
    " algorithm string, population int64, sample_size int64, silhouette_sample_size int64,"
    " features string, random_state int64"
)


def model(dbt, session):
    dbt.config(materialized="table")
    meta = dbt.config.get("meta")  # a statement of its own: dbt finds it by reading the code
    params = clustering.read_parameters(meta)
    # a literal ref: dbt reads refs from the code; filtering and pivoting run in DuckDB
    frame = clustering.read_features(dbt.ref("seg_cluster_features"), params)
    # the previous build's choice, kept while within k_tolerance (None on a first build)
    previous = clustering.previous_table(session, dbt.this, "k, is_chosen, features")
    return clustering.table(clustering.select_k(frame, params, previous), COLUMNS)
