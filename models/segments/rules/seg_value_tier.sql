-- Value tier: one row per customer, by completed revenue among customers who
-- bought. cume_dist (share of buyers with at least this revenue) puts tied
-- customers in the same tier: top_1_percent (cume_dist <= var
-- value_tier_top_share), top_10_percent (<= value_tier_high_share), middle,
-- low (the bottom var value_tier_low_share of buyers), none (no revenue).
-- The same rule as the RFM quintiles (seg_rfm): equal revenue, equal tier;
-- more revenue never a lower tier; no tie-break by customer_id. A revenue
-- shared by many buyers takes the tier its lowest-ranked holder reaches
-- (cume_dist counts every buyer tied with it), so tiers may hold more or
-- fewer than their share, or nobody.
{%- set top_share = sql_literal(var('value_tier_top_share')) %}
{%- set high_share = sql_literal(var('value_tier_high_share')) %}
{%- set low_share = sql_literal(var('value_tier_low_share')) %}

with

behavior as (
    select
        customer_id,
        completed_revenue
    from {{ ref('int_customers__behavioral_features') }}
),

ranked as (
    select
        customer_id,
        completed_revenue,
        case
            when completed_revenue > 0
                then cume_dist() over (
                        partition by completed_revenue > 0
                        order by completed_revenue desc
                    )
        end as revenue_top_share
    from behavior
),

final as (
    select
        customer_id,
        completed_revenue,
        revenue_top_share,
        case
            when revenue_top_share is null then 'none'
            when revenue_top_share <= {{ top_share }}
                then 'top_1_percent'
            when revenue_top_share <= {{ high_share }}
                then 'top_10_percent'
            when revenue_top_share <= 1 - {{ low_share }}
                then 'middle'
            else 'low'
        end as segment,
        case
            when revenue_top_share is null then 'no completed revenue'
            else
                'in the top '
                || cast(
                    round(revenue_top_share * 100, 1) as {{ dbt.type_string() }}
                )
                || '% of buyers by revenue'
        end as segment_reason
    from ranked
)

select * from final
