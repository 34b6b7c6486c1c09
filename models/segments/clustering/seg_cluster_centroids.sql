{{ config(
    enabled=(
        target.type == 'spark' and target.method not in ['http', 'odbc']
    ),
    tags=['python_stand_in'],
) }}

-- Stand-in for the Python model seg_cluster_centroids.py on Spark targets
-- other than a Databricks cluster: dbt-spark runs Python models only there
-- (docs/spark.md), so on a local Spark session no cluster is fitted
-- (seg_cluster_k_selection: k = 0) and this table is empty, with the Python
-- model's columns and types. seg_cluster then puts every buyer in the
-- cluster segment 'unknown'.
with

chosen as (
    select k
    from {{ ref('seg_cluster_k_selection') }}
    where is_chosen
),

final as (
    select
        cast(null as bigint) as cluster_id,
        cast(null as {{ dbt.type_string() }}) as segment,
        cast(null as {{ dbt.type_string() }}) as cluster_name,
        cast(null as {{ dbt.type_string() }}) as cluster_description,
        cast(null as {{ dbt.type_string() }}) as feature,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as encoded_feature,
        cast(null as {{ dbt.type_string() }}) as transform,
        cast(null as double) as impute_value,
        cast(null as double) as scaler_mean,
        cast(null as double) as scaler_scale,
        cast(null as double) as centroid_scaled,
        cast(null as double) as centroid_value,
        cast(null as double) as population_value,
        cast(null as double) as standardized_deviation,
        cast(null as bigint) as cluster_size_in_sample,
        cast(null as double) as cluster_share_in_sample,
        cast(null as double) as moved_since_previous,
        cast(null as {{ dbt.type_string() }}) as id_source,
        chosen.k,
        cast(null as {{ dbt.type_string() }}) as algorithm,
        cast(null as bigint) as sample_size,
        cast(null as {{ dbt.type_string() }}) as features
    from chosen
    -- k = 0: no cluster, no row
    where chosen.k > 0
)

select * from final
