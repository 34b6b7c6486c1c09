{{ config(
    enabled=(
        target.type == 'spark' and target.method not in ['http', 'odbc']
    ),
    tags=['python_stand_in'],
) }}

-- Stand-in for the Python model seg_cluster_k_selection.py on Spark targets
-- other than a Databricks cluster: dbt-spark runs Python models only there
-- (docs/spark.md), so on a local Spark session nothing is fitted. One row
-- says so: k = 0 (no cluster), chosen, with the clustered population
-- (buyers) and the features the fit would use; no diagnostics.
-- seg_cluster_centroids is then empty and seg_cluster puts every buyer in
-- the cluster segment 'unknown'.
{%- set meta = config.get('meta') or {} %}
{%- set spec = [] %}
{%- for feature in meta.get('features', []) %}
    {%- set weight = feature.get('weight', 1) %}
    {%- do spec.append(
        feature.name ~ ':' ~ feature.get('transform', 'none')
        ~ ('' if weight == 1 else '*' ~ '%g' | format(weight))
    ) %}
{%- endfor %}
{%- for feature in meta.get('categorical_features', []) %}
    {%- do spec.append(
        feature.name ~ ':onehot*'
        ~ '%g' | format(meta.get('categorical_weight', 0.5))
    ) %}
{%- endfor %}

with

buyers as (
    select customer_id
    from {{ ref('int_customers__behavioral_features') }}
    where purchase_count > 0
),

final as (
    select
        cast(0 as bigint) as k,
        true as is_chosen,
        'not fitted: the clustering runs in Python models, which dbt-spark'
        || ' runs only on Databricks (see docs/spark.md)' as selection,
        cast(null as double) as inertia,
        cast(null as double) as silhouette,
        cast(null as double) as davies_bouldin,
        cast(null as double) as calinski_harabasz,
        cast(null as double) as smallest_cluster_share,
        'none' as algorithm,
        count(*) as population,
        cast(0 as bigint) as sample_size,
        cast(0 as bigint) as silhouette_sample_size,
        '{{ spec | join(", ") }}' as features,
        cast({{ meta.get('random_state', 42) }} as bigint) as random_state
    from buyers
)

select * from final
