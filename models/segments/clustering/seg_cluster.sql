-- Cluster segment: one row per customer. Every clustered customer (see
-- seg_cluster_features) is scored against the centroids fitted by
-- seg_cluster_centroids, whose rows say how to encode each feature: impute a
-- missing value, apply the transform (log1p or none; indicator for a
-- category), centre and scale. The customer joins the nearest centroid
-- (squared Euclidean distance in scaled units; ties go to the lower id).
-- Customers without a purchase are not clustered: cluster 0, 'No purchases'.
-- Customers who asked to be erased are kept out of the fit and the profiles
-- (seg_cluster_features leaves them out), so a buyer among them has no
-- nearest centroid: segment 'unknown', no cluster id, 'Not clustered' (a
-- non-buyer is cluster 0 like any other); they are in no mart either.
-- Without any fitted cluster (seg_cluster_centroids empty: the Python models
-- did not run, as on a local Spark session, see docs/spark.md) buyers are
-- not clustered either: segment 'unknown', no cluster id.
with

customers as (
    select customer_id
    from {{ ref('int_customers__resolved') }}
),

buyers as (
    select customer_id
    from {{ ref('int_customers__behavioral_features') }}
    where purchase_count > 0
),

erased as (
    select customer_id
    from {{ ref('int_customers__consent') }}
    where is_erasure_requested
),

features as (
    select
        customer_id,
        feature,
        numeric_value,
        text_value
    from {{ ref('seg_cluster_features') }}
),

centroids as (
    select
        cluster_id,
        cluster_name,
        encoded_feature,
        centroid_scaled
    from {{ ref('seg_cluster_centroids') }}
),

encoding as (
    select distinct
        feature,
        category,
        encoded_feature,
        transform,
        impute_value,
        scaler_mean,
        scaler_scale
    from {{ ref('seg_cluster_centroids') }}
),

cluster_names as (
    select distinct
        cluster_id,
        cluster_name
    from centroids
),

encoded as (
    select
        features.customer_id,
        encoding.encoded_feature,
        (
            case
                when encoding.transform = 'indicator'
                    then
                        case
                            when
                                coalesce(features.text_value, 'unknown')
                                = encoding.category
                                then 1.0
                            else 0.0
                        end
                when encoding.transform = 'log1p'
                    then ln(
                            1 + greatest(
                                coalesce(
                                    features.numeric_value,
                                    encoding.impute_value
                                ),
                                0
                            )
                        )
                else coalesce(features.numeric_value, encoding.impute_value)
            end
            - encoding.scaler_mean
        ) / encoding.scaler_scale as scaled_value
    from features
    inner join encoding
        on features.feature = encoding.feature
),

distances as (
    select
        encoded.customer_id,
        centroids.cluster_id,
        sum(
            (encoded.scaled_value - centroids.centroid_scaled)
            * (encoded.scaled_value - centroids.centroid_scaled)
        ) as squared_distance
    from encoded
    inner join centroids
        on encoded.encoded_feature = centroids.encoded_feature
    group by encoded.customer_id, centroids.cluster_id
),

ranked as (
    select
        customer_id,
        cluster_id,
        squared_distance,
        row_number() over (
            partition by customer_id
            order by squared_distance asc, cluster_id asc
        ) as distance_rank
    from distances
),

-- the nearest centroid and the runner-up
nearest as (
    select
        customer_id,
        max(
            case when distance_rank = 1 then cluster_id end
        ) as cluster_id,
        max(
            case when distance_rank = 2 then cluster_id end
        ) as next_cluster_id,
        -- abs: rounding can leave a zero distance a hair below zero
        sqrt(
            abs(max(case when distance_rank = 1 then squared_distance end))
        ) as distance_to_centroid,
        sqrt(
            abs(max(case when distance_rank = 2 then squared_distance end))
        ) as next_distance
    from ranked
    where distance_rank <= 2
    group by customer_id
),

final as (
    select
        customers.customer_id,
        nearest.distance_to_centroid,
        nearest.next_cluster_id,
        nearest.next_distance,
        case
            when nearest.cluster_id is not null then nearest.cluster_id
            when buyers.customer_id is null then 0
        end as cluster_id,
        case
            when nearest.cluster_id is not null
                then
                    'cluster_'
                    || cast(nearest.cluster_id as {{ dbt.type_string() }})
            when buyers.customer_id is null then 'cluster_0'
            else 'unknown'
        end as segment,
        case
            when nearest.cluster_id is not null then cluster_names.cluster_name
            when buyers.customer_id is null then 'No purchases'
            else 'Not clustered'
        end as cluster_name,
        case
            when buyers.customer_id is null
                then 'No purchase: not clustered'
            when erased.customer_id is not null
                then
                    'Not clustered: erasure requested (kept out of the fit'
                    || ' and the profiles)'
            when nearest.cluster_id is null
                then
                    'Not clustered: no fitted clusters in'
                    || ' seg_cluster_centroids (the Python clustering models'
                    || ' did not run on this target)'
            else
                'Nearest centroid: '
                || cluster_names.cluster_name
                || ' (distance '
                || cast(
                    round(nearest.distance_to_centroid, 2)
                    as {{ dbt.type_string() }}
                )
                || coalesce(
                    '; next: cluster '
                    || cast(nearest.next_cluster_id as {{ dbt.type_string() }})
                    || ' at '
                    || cast(
                        round(nearest.next_distance, 2)
                        as {{ dbt.type_string() }}
                    ),
                    ''
                )
                || ')'
        end as segment_reason
    from customers
    left join buyers
        on customers.customer_id = buyers.customer_id
    left join erased
        on customers.customer_id = erased.customer_id
    left join nearest
        on customers.customer_id = nearest.customer_id
    left join cluster_names
        on nearest.cluster_id = cluster_names.cluster_id
)

select * from final
