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
-- first made an exact whole number of its unit (decimal places: `features`
-- below; cents for money, 6 places for the average order value), count,
-- sum and sum of squares are summed exactly as decimals, and the means and
-- standard deviations are computed from those exact sums (one fixed sequence
-- of float operations). Revenue is an exact decimal sum.
{%- set features = {
    'completed_revenue': 2,
    'purchase_count': 0,
    'days_since_last_order': 0,
    'avg_order_value': 6,
    'tenure_days': 0,
} %}

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

-- each feature in whole units of 10^-places (exact; null stays null)
features as (
    select
        customer_id,
        completed_revenue as revenue,
    {% for feature, places in features.items() %}
        cast(
            round({{ feature }} * {{ 10 ** places }}) as decimal(38, 0)
        ) as {{ feature }}
        {{- ',' if not loop.last }}
    {% endfor %}
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

joined as (
    select
        features.revenue,
        {% for feature in features %}
            features.{{ feature }},
        {% endfor %}
        memberships.segmentation,
        memberships.segment,
        memberships.as_of_date
    from memberships
    inner join features
        on memberships.customer_id = features.customer_id
    inner join not_erased
        on memberships.customer_id = not_erased.customer_id
),

-- exact sums (decimal): count, sum and sum of squares of every feature
population_sums as (
    select
        segmentation,
        count(*) as population_customers,
        sum(revenue) as population_revenue,
    {% for feature in features %}
        count({{ feature }}) as n_{{ feature }},
        sum({{ feature }}) as sum_{{ feature }},
        sum({{ feature }} * {{ feature }}) as sum_sq_{{ feature }}
        {{- ',' if not loop.last }}
    {% endfor %}
    from joined
    group by segmentation
),

segment_sums as (
    select
        segmentation,
        segment,
        max(as_of_date) as as_of_date,
        count(*) as customers,
        sum(revenue) as revenue,
    {% for feature in features %}
        count({{ feature }}) as n_{{ feature }},
        sum({{ feature }}) as sum_{{ feature }},
        sum({{ feature }} * {{ feature }}) as sum_sq_{{ feature }}
        {{- ',' if not loop.last }}
    {% endfor %}
    from joined
    group by segmentation, segment
),

population as (
    select
        segmentation,
        population_customers,
        population_revenue,
    {% for feature, places in features.items() %}
        {{ stddev_samp_from_sums(
            'n_' ~ feature, 'sum_' ~ feature, 'sum_sq_' ~ feature, places
        ) }} as population_sd_{{ feature }}
        {{- ',' if not loop.last }}
    {% endfor %}
    from population_sums
),

per_segment as (
    select
        segmentation,
        segment,
        as_of_date,
        customers,
        revenue,
    {% for feature, places in features.items() %}
        cast(sum_{{ feature }} as double)
        / nullif(n_{{ feature }} * {{ 10 ** places }}, 0) as mean_{{ feature }},
        {{ stddev_samp_from_sums(
            'n_' ~ feature, 'sum_' ~ feature, 'sum_sq_' ~ feature, places
        ) }} as sd_{{ feature }}
        {{- ',' if not loop.last }}
    {% endfor %}
    from segment_sums
),

ratios as (
    select
        per_segment.segmentation,
        per_segment.segment,
        per_segment.as_of_date,
        per_segment.customers,
        per_segment.revenue,
        {% for feature in features %}
            per_segment.mean_{{ feature }},
            per_segment.sd_{{ feature }},
        {% endfor %}
        {% for feature in features %}
            per_segment.sd_{{ feature }}
            / nullif(population.population_sd_{{ feature }}, 0)
                as homogeneity_{{ feature }},
        {% endfor %}
        population.population_customers,
        population.population_revenue
    from per_segment
    inner join population
        on per_segment.segmentation = population.segmentation
),

final as (
    select
        ratios.segmentation,
        ratios.segment,
        ratios.as_of_date,
        ratios.customers,
        cast(ratios.revenue as decimal(18, 2)) as revenue,
        {% for feature in features %}
            ratios.mean_{{ feature }},
            ratios.sd_{{ feature }},
            ratios.homogeneity_{{ feature }},
        {% endfor %}
        catalog.recommended_action,
        catalog.sort_order,
        segment_names.segment_name,
        cast(ratios.customers as double)
        / ratios.population_customers as customer_share,
        case
            when ratios.population_revenue > 0
                then
                    cast(ratios.revenue as double)
                    / cast(ratios.population_revenue as double)
            else 0
        end as revenue_share,
        (
            {% for feature in features %}
                coalesce(ratios.homogeneity_{{ feature }}, 0)
                {{- ' +' if not loop.last }}
            {% endfor %}
        ) / nullif(
            {% for feature in features %}
                case
                    when ratios.homogeneity_{{ feature }} is null then 0
                    else 1
                end{{ ' +' if not loop.last }}
            {% endfor %},
            0
        ) as homogeneity_ratio
    from ratios
    left join catalog
        on
            ratios.segmentation = catalog.segmentation
            and ratios.segment = catalog.segment
    left join segment_names
        on
            ratios.segmentation = segment_names.segmentation
            and ratios.segment = segment_names.segment
)

select * from final
