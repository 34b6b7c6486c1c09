-- SQL scoring (seg_cluster) reproduces the Python fit: when the fit sample is
-- every clustered customer, each cluster holds exactly the customers the fit
-- put nearest to its centroid. Returns the clusters whose sizes differ (no
-- rows when the fit used a smaller sample).
with

fit as (
    select distinct
        cluster_id,
        cluster_size_in_sample,
        sample_size
    from {{ ref('seg_cluster_centroids') }}
),

chosen as (
    select population
    from {{ ref('seg_cluster_k_selection') }}
    where is_chosen
),

scored as (
    select
        cluster_id,
        count(*) as customers
    from {{ ref('seg_cluster') }}
    where cluster_id > 0
    group by cluster_id
),

compared as (
    select
        fit.sample_size,
        coalesce(fit.cluster_id, scored.cluster_id) as cluster_id,
        coalesce(fit.cluster_size_in_sample, 0) as fitted_customers,
        coalesce(scored.customers, 0) as scored_customers
    from fit
    full outer join scored on fit.cluster_id = scored.cluster_id
)

select
    compared.cluster_id,
    compared.fitted_customers,
    compared.scored_customers
from compared
cross join chosen
where
    compared.fitted_customers != compared.scored_customers
    and coalesce(compared.sample_size, chosen.population) = chosen.population
