-- RFM and lifecycle are computed once, for every state date, in
-- seg_rfm_lifecycle_history; seg_rfm and seg_lifecycle are its slice at the
-- as-of date. This checks that slice against what the intermediate layer
-- computes on its own from the same orders (int_customers__behavioral_
-- features): every customer once in both as-of models, no purchase exactly
-- for the prospects, the same days since the last purchase and expected gap
-- (the mean gap between purchases, else the default), and, over all history
-- (no var rfm_window_days), RFM frequency and monetary equal to the
-- customer's purchases and completed revenue. Returns each customer and
-- check that fails.
{%- set window_days = setting('rfm_window_days') %}

with

features as (
    select
        customer_id,
        purchase_count,
        completed_revenue,
        days_since_last_order,
        coalesce(
            mean_interpurchase_days,
            {{ sql_literal(setting('lifecycle_default_interval_days')) }}
        ) as expected_gap_days
    from {{ ref('int_customers__behavioral_features') }}
),

rfm as (
    select
        customer_id,
        frequency,
        monetary,
        segment
    from {{ ref('seg_rfm') }}
),

lifecycle as (
    select
        customer_id,
        days_since_last_order,
        expected_gap_days,
        segment
    from {{ ref('seg_lifecycle') }}
),

compared as (
    select
        coalesce(
            features.customer_id, rfm.customer_id, lifecycle.customer_id
        ) as customer_id,
        case
            when features.customer_id is null then 'not a customer'
            when rfm.customer_id is null then 'missing from seg_rfm'
            when lifecycle.customer_id is null
                then 'missing from seg_lifecycle'
            when
                (features.purchase_count = 0)
                != (lifecycle.segment = 'prospect')
                then 'prospect without being without purchase'
            when
                not coalesce(
                    features.days_since_last_order
                    = lifecycle.days_since_last_order,
                    features.days_since_last_order is null
                    and lifecycle.days_since_last_order is null
                )
                then 'days since the last purchase differ'
            when
                abs(features.expected_gap_days - lifecycle.expected_gap_days)
                > 1e-9
                then 'expected gap differs'
            {%- if not window_days %}
                when features.purchase_count != rfm.frequency
                    then 'frequency differs from purchases'
                when
                    features.purchase_count > 0
                    and features.completed_revenue != rfm.monetary
                    then 'monetary differs from completed revenue'
            {%- endif %}
        end as problem
    from features
    full outer join rfm
        on features.customer_id = rfm.customer_id
    full outer join lifecycle
        on
            coalesce(features.customer_id, rfm.customer_id)
            = lifecycle.customer_id
)

select
    customer_id,
    problem
from compared
where problem is not null
