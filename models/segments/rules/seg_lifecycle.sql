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
-- lifecycle_segment_reason, applied once, for every state date of the
-- segment history, in seg_rfm_lifecycle_history: this model is its slice
-- at the as-of date, one row per customer.
with

states as (
    select
        customer_id,
        days_since_last_order,
        expected_gap_days,
        at_risk_after_days,
        lapsed_after_days,
        lifecycle_segment,
        lifecycle_segment_reason
    from {{ ref('seg_rfm_lifecycle_history') }}
    where is_as_of_date
),

final as (
    select
        customer_id,
        days_since_last_order,
        expected_gap_days,
        at_risk_after_days,
        lapsed_after_days,
        lifecycle_segment as segment,
        lifecycle_segment_reason as segment_reason
    from states
)

select * from final
