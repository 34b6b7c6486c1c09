-- One row per segmentation and segment: size, revenue, the mean and standard
-- deviation of the key features, and homogeneity ratios. A feature's ratio
-- is its standard deviation within the segment over its standard deviation
-- in the whole customer base: below 1 the segment is more alike than the
-- population on that feature. homogeneity_ratio averages the available
-- feature ratios (lower = more homogeneous). Features without a value for a
-- customer (e.g. recency without a purchase) are left out of its statistics.
-- The customers are those of dim_customers: customers who asked to be erased
-- are left out (their revenue stays in fct_orders; see
-- tests/marts/assert_completed_revenue_reconciles.sql).
--
-- Reruns give identical numbers: a floating-point sum depends on the order
-- of its terms, which a parallel engine does not fix. So every feature is
-- first made an exact whole number of its unit (`unit`, 10^decimal places:
-- cents for money, 10^-6 for the average order value), count,
-- sum and sum of squares are summed exactly as decimals, and the means and
-- standard deviations are computed from those exact sums (one fixed sequence
-- of float operations). Revenue is an exact decimal sum.
with

memberships as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date
    from {{ ref('seg_memberships') }}
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

behavior as (
    select
        customer_id,
        completed_revenue,
        purchase_count,
        days_since_last_order,
        avg_order_value,
        tenure_days
    from {{ ref('int_customers__behavioral_features') }}
),

catalog as (
    select
        segmentation,
        segment,
        recommended_action,
        sort_order
    from {{ ref('segment_catalog') }}
),

segment_names as (
    select
        segmentation,
        segment,
        segment_name
    from {{ ref('seg_segment_names') }}
),

-- the features in long form: one row per customer and feature, the value
-- in whole units of 1 / unit (exact; null stays null)
feature_values as (
    select
        customer_id,
        'completed_revenue' as feature,
        100 as unit,
        cast(round(completed_revenue * 100) as decimal(38, 0)) as feature_value
    from behavior
    union all
    select
        customer_id,
        'purchase_count' as feature,
        1 as unit,
        cast(round(purchase_count * 1) as decimal(38, 0)) as feature_value
    from behavior
    union all
    select
        customer_id,
        'days_since_last_order' as feature,
        1 as unit,
        cast(round(days_since_last_order * 1) as decimal(38, 0))
            as feature_value
    from behavior
    union all
    select
        customer_id,
        'avg_order_value' as feature,
        1000000 as unit,
        cast(round(avg_order_value * 1000000) as decimal(38, 0))
            as feature_value
    from behavior
    union all
    select
        customer_id,
        'tenure_days' as feature,
        1 as unit,
        cast(round(tenure_days * 1) as decimal(38, 0)) as feature_value
    from behavior
),

members as (
    select
        memberships.customer_id,
        memberships.segmentation,
        memberships.segment,
        memberships.as_of_date,
        behavior.completed_revenue as revenue
    from memberships
    inner join behavior
        on memberships.customer_id = behavior.customer_id
    inner join not_erased
        on memberships.customer_id = not_erased.customer_id
),

member_values as (
    select
        members.segmentation,
        members.segment,
        feature_values.feature,
        feature_values.unit,
        feature_values.feature_value
    from members
    inner join feature_values
        on members.customer_id = feature_values.customer_id
),

population_totals as (
    select
        segmentation,
        count(*) as population_customers,
        sum(revenue) as population_revenue
    from members
    group by segmentation
),

segment_totals as (
    select
        segmentation,
        segment,
        max(as_of_date) as as_of_date,
        count(*) as customers,
        sum(revenue) as revenue
    from members
    group by segmentation, segment
),

-- exact sums (decimal): count, sum and sum of squares of every feature
population_sums as (
    select
        segmentation,
        feature,
        max(unit) as unit,
        count(feature_value) as n,
        sum(feature_value) as total,
        sum(feature_value * feature_value) as total_of_squares
    from member_values
    group by segmentation, feature
),

segment_sums as (
    select
        segmentation,
        segment,
        feature,
        max(unit) as unit,
        count(feature_value) as n,
        sum(feature_value) as total,
        sum(feature_value * feature_value) as total_of_squares
    from member_values
    group by segmentation, segment, feature
),

feature_stats as (
    select
        segment_sums.segmentation,
        segment_sums.segment,
        segment_sums.feature,
        cast(segment_sums.total as double)
        / nullif(segment_sums.n * segment_sums.unit, 0) as feature_mean,
        {{ stddev_samp_from_sums(
            'segment_sums.n',
            'segment_sums.total',
            'segment_sums.total_of_squares',
            unit='segment_sums.unit',
        ) }} as feature_sd,
        {{ stddev_samp_from_sums(
            'segment_sums.n',
            'segment_sums.total',
            'segment_sums.total_of_squares',
            unit='segment_sums.unit',
        ) }}
        / nullif({{ stddev_samp_from_sums(
            'population_sums.n',
            'population_sums.total',
            'population_sums.total_of_squares',
            unit='population_sums.unit',
        ) }}, 0) as homogeneity
    from segment_sums
    inner join population_sums
        on
            segment_sums.segmentation = population_sums.segmentation
            and segment_sums.feature = population_sums.feature
),

-- back to one row per segment, a column per feature and statistic
wide as (
    select
        segmentation,
        segment,
        max(
            case when feature = 'completed_revenue' then feature_mean end
        ) as mean_completed_revenue,
        max(
            case when feature = 'completed_revenue' then feature_sd end
        ) as sd_completed_revenue,
        max(
            case when feature = 'completed_revenue' then homogeneity end
        ) as homogeneity_completed_revenue,
        max(
            case when feature = 'purchase_count' then feature_mean end
        ) as mean_purchase_count,
        max(
            case when feature = 'purchase_count' then feature_sd end
        ) as sd_purchase_count,
        max(
            case when feature = 'purchase_count' then homogeneity end
        ) as homogeneity_purchase_count,
        max(
            case when feature = 'days_since_last_order' then feature_mean end
        ) as mean_days_since_last_order,
        max(
            case when feature = 'days_since_last_order' then feature_sd end
        ) as sd_days_since_last_order,
        max(
            case when feature = 'days_since_last_order' then homogeneity end
        ) as homogeneity_days_since_last_order,
        max(
            case when feature = 'avg_order_value' then feature_mean end
        ) as mean_avg_order_value,
        max(
            case when feature = 'avg_order_value' then feature_sd end
        ) as sd_avg_order_value,
        max(
            case when feature = 'avg_order_value' then homogeneity end
        ) as homogeneity_avg_order_value,
        max(
            case when feature = 'tenure_days' then feature_mean end
        ) as mean_tenure_days,
        max(
            case when feature = 'tenure_days' then feature_sd end
        ) as sd_tenure_days,
        max(
            case when feature = 'tenure_days' then homogeneity end
        ) as homogeneity_tenure_days
    from feature_stats
    group by segmentation, segment
),

final as (
    select
        segment_totals.segmentation,
        segment_totals.segment,
        segment_totals.as_of_date,
        segment_totals.customers,
        cast(segment_totals.revenue as decimal(18, 2)) as revenue,
        wide.mean_completed_revenue,
        wide.sd_completed_revenue,
        wide.homogeneity_completed_revenue,
        wide.mean_purchase_count,
        wide.sd_purchase_count,
        wide.homogeneity_purchase_count,
        wide.mean_days_since_last_order,
        wide.sd_days_since_last_order,
        wide.homogeneity_days_since_last_order,
        wide.mean_avg_order_value,
        wide.sd_avg_order_value,
        wide.homogeneity_avg_order_value,
        wide.mean_tenure_days,
        wide.sd_tenure_days,
        wide.homogeneity_tenure_days,
        catalog.recommended_action,
        catalog.sort_order,
        segment_names.segment_name,
        cast(segment_totals.customers as double)
        / population_totals.population_customers as customer_share,
        case
            when population_totals.population_revenue > 0
                then
                    cast(segment_totals.revenue as double)
                    / cast(population_totals.population_revenue as double)
            else 0
        end as revenue_share,
        (
            coalesce(wide.homogeneity_completed_revenue, 0)
            + coalesce(wide.homogeneity_purchase_count, 0)
            + coalesce(wide.homogeneity_days_since_last_order, 0)
            + coalesce(wide.homogeneity_avg_order_value, 0)
            + coalesce(wide.homogeneity_tenure_days, 0)
        ) / nullif(
            case
                when wide.homogeneity_completed_revenue is null then 0
                else 1
            end
            + case
                when wide.homogeneity_purchase_count is null then 0
                else 1
            end
            + case
                when wide.homogeneity_days_since_last_order is null then 0
                else 1
            end
            + case
                when wide.homogeneity_avg_order_value is null then 0
                else 1
            end
            + case
                when wide.homogeneity_tenure_days is null then 0
                else 1
            end,
            0
        ) as homogeneity_ratio
    from segment_totals
    inner join population_totals
        on segment_totals.segmentation = population_totals.segmentation
    inner join wide
        on
            segment_totals.segmentation = wide.segmentation
            and segment_totals.segment = wide.segment
    left join catalog
        on
            segment_totals.segmentation = catalog.segmentation
            and segment_totals.segment = catalog.segment
    left join segment_names
        on
            segment_totals.segmentation = segment_names.segmentation
            and segment_totals.segment = segment_names.segment
)

select * from final
