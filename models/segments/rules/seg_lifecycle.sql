-- Lifecycle stage: one row per customer, judged against the customer's own
-- purchase rhythm as well as global limits (all in days, vars lifecycle_*):
--   expected gap   = mean days between the customer's purchases, or
--                    lifecycle_default_interval_days with a single purchase;
--   at risk after  = expected gap x lifecycle_at_risk_factor, kept within
--                    [lifecycle_min_at_risk_days, lifecycle_max_at_risk_days];
--   lapsed after   = expected gap x lifecycle_lapsed_factor, kept within
--                    [lifecycle_min_lapsed_days, lifecycle_max_lapsed_days].
-- Rules, first match wins:
--   prospect     no purchase;
--   new          first purchase within lifecycle_new_days;
--   lapsed       silent for longer than 'lapsed after';
--   at_risk      silent for longer than 'at risk after';
--   reactivated  the gap before the last purchase exceeded 'lapsed after';
--   active       otherwise.
-- The rules live in macros lifecycle_threshold_days, lifecycle_stage and
-- lifecycle_segment_reason, shared with the reconstructed history
-- (seg_reconstructed_history).
with

behavior as (
    select
        customer_id,
        purchase_count,
        days_since_last_order,
        tenure_days,
        mean_interpurchase_days
    from {{ ref('int_customers__behavioral_features') }}
),

last_gaps as (
    select
        customer_id,
        days_since_previous_purchase as last_gap_days
    from (
        select
            customer_id,
            days_since_previous_purchase,
            row_number() over (
                partition by customer_id
                order by purchase_number desc
            ) as recency_rank
        from {{ ref('int_orders__enriched') }}
        where is_completed
    ) as ranked
    where recency_rank = 1
),

thresholds as (
    select
        behavior.customer_id,
        behavior.purchase_count,
        behavior.days_since_last_order,
        behavior.tenure_days,
        last_gaps.last_gap_days,
        coalesce(
            behavior.mean_interpurchase_days,
            {{ sql_literal(setting('lifecycle_default_interval_days')) }}
        ) as expected_gap_days
    from behavior
    left join last_gaps
        on behavior.customer_id = last_gaps.customer_id
),

bounded as (
    select
        *,
        {{ lifecycle_threshold_days('expected_gap_days', 'at_risk') }}
            as at_risk_after_days,
        {{ lifecycle_threshold_days('expected_gap_days', 'lapsed') }}
            as lapsed_after_days
    from thresholds
),

final as (
    select
        customer_id,
        days_since_last_order,
        expected_gap_days,
        at_risk_after_days,
        lapsed_after_days,
        {{ lifecycle_stage(
            'purchase_count', 'tenure_days', 'days_since_last_order',
            'last_gap_days', 'at_risk_after_days', 'lapsed_after_days',
        ) }} as segment,
        {{ lifecycle_segment_reason(
            'purchase_count', 'days_since_last_order',
            'at_risk_after_days', 'lapsed_after_days',
        ) }} as segment_reason
    from bounded
)

select * from final
