-- Cluster profiles for BI: one row per cluster and clustering feature (one
-- row per category of a categorical feature), what sets each k-means
-- cluster apart in original units, from seg_cluster_profiles. Only
-- clustered buyers count; customers who asked to be erased are in no
-- cluster (kept out of the fit and the profiles, see seg_cluster_features).
with

profiles as (
    select
        cluster_id,
        cluster_name,
        feature,
        category,
        encoded_feature,
        customers,
        customer_share,
        mean_value,
        sd_value,
        missing_share,
        population_mean,
        population_sd,
        standardized_difference,
        deviation_rank,
        explanation
    from {{ ref('seg_cluster_profiles') }}
),

final as (
    select
        cast(cluster_id as integer) as cluster_id,
        cluster_name,
        feature,
        category,
        encoded_feature,
        cast(customers as bigint) as customers,
        cast(customer_share as double) as customer_share,
        cast(mean_value as double) as mean_value,
        cast(sd_value as double) as sd_value,
        cast(missing_share as double) as missing_share,
        cast(population_mean as double) as population_mean,
        cast(population_sd as double) as population_sd,
        cast(standardized_difference as double) as standardized_difference,
        cast(deviation_rank as integer) as deviation_rank,
        explanation
    from profiles
)

select * from final
