-- How k was chosen: every k tried with its diagnostics (silhouette and
-- Calinski-Harabasz: higher is better; Davies-Bouldin: lower is better;
-- inertia always falls as k grows, look for the elbow) and the chosen one.
select
    k,
    is_chosen,
    selection,
    algorithm,
    sample_size,
    population,
    round(silhouette, 3) as silhouette,
    round(davies_bouldin, 3) as davies_bouldin,
    round(calinski_harabasz, 0) as calinski_harabasz,
    round(inertia, 0) as inertia,
    round(smallest_cluster_share, 3) as smallest_cluster_share
from {{ ref('seg_cluster_k_selection') }}
order by k
