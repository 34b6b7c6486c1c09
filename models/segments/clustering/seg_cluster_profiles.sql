-- Cluster profiles in original units: one row per cluster and clustering
-- feature (a categorical feature gives one row per category, whose values
-- are 1 for customers in it and 0 otherwise, so means are shares). Size,
-- mean and standard deviation of the feature in the cluster and among all
-- clustered customers, the standardised difference between the two means
-- and its rank within the cluster: the top-ranked rows explain the cluster.
-- Statistics use the values as recorded (missing values are left out and
-- counted in missing_share), not the imputed ones.
with

assignments as (
    select
        customer_id,
        cluster_id,
        cluster_name
    from {{ ref('seg_cluster') }}
    where cluster_id > 0
),

features as (
    select
        customer_id,
        feature,
        numeric_value,
        text_value
    from {{ ref('seg_cluster_features') }}
),

encoding as (
    select distinct
        feature,
        category,
        encoded_feature,
        transform
    from {{ ref('seg_cluster_centroids') }}
),

feature_values as (
    select
        assignments.cluster_id,
        assignments.cluster_name,
        encoding.feature,
        encoding.category,
        encoding.encoded_feature,
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
            else features.numeric_value
        end as feature_value
    from assignments
    inner join features
        on assignments.customer_id = features.customer_id
    inner join encoding
        on features.feature = encoding.feature
),

-- each value as a whole number of millionths, so that sums, means and
-- standard deviations are exact and do not depend on the order the rows
-- are summed in (a rebuild of unchanged data gives identical profiles)
exact_values as (
    select
        cluster_id,
        cluster_name,
        feature,
        category,
        encoded_feature,
        feature_value,
        cast(round(feature_value * 1000000) as decimal(38, 0)) as micro_value
    from feature_values
),

population as (
    select
        encoded_feature,
        count(*) as population_customers,
        cast(sum(micro_value) as double)
        / nullif(count(micro_value), 0) / 1000000 as population_mean,
        {{ stddev_samp_from_sums(
            'count(micro_value)', 'sum(micro_value)',
            'sum(micro_value * micro_value)', 6
        ) }} as population_sd
    from exact_values
    group by encoded_feature
),

per_cluster as (
    select
        cluster_id,
        encoded_feature,
        max(cluster_name) as cluster_name,
        max(feature) as feature,
        max(category) as category,
        count(*) as customers,
        cast(sum(micro_value) as double)
        / nullif(count(micro_value), 0) / 1000000 as mean_value,
        {{ stddev_samp_from_sums(
            'count(micro_value)', 'sum(micro_value)',
            'sum(micro_value * micro_value)', 6
        ) }} as sd_value,
        1.0 - cast(count(micro_value) as double) / count(*) as missing_share
    from exact_values
    group by cluster_id, encoded_feature
),

compared as (
    select
        per_cluster.cluster_id,
        per_cluster.cluster_name,
        per_cluster.feature,
        per_cluster.category,
        per_cluster.encoded_feature,
        per_cluster.customers,
        per_cluster.mean_value,
        per_cluster.sd_value,
        per_cluster.missing_share,
        population.population_mean,
        population.population_sd,
        cast(per_cluster.customers as double)
        / population.population_customers as customer_share,
        (per_cluster.mean_value - population.population_mean)
        / nullif(population.population_sd, 0) as standardized_difference
    from per_cluster
    inner join population
        on per_cluster.encoded_feature = population.encoded_feature
),

final as (
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
        row_number() over (
            partition by cluster_id
            order by
                abs(standardized_difference) desc nulls last,
                encoded_feature asc
        ) as deviation_rank,
        encoded_feature
        || ': '
        || coalesce(
            cast(round(mean_value, 2) as {{ dbt.type_string() }}), 'n/a'
        )
        || ' vs '
        || coalesce(
            cast(round(population_mean, 2) as {{ dbt.type_string() }}), 'n/a'
        )
        || ' overall'
        || coalesce(
            ' ('
            || case when standardized_difference >= 0 then '+' else '' end
            || cast(
                round(standardized_difference, 1) as {{ dbt.type_string() }}
            )
            || ' sd)',
            ''
        ) as explanation
    from compared
)

select * from final
