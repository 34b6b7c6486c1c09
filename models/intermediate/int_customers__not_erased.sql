-- The customers whose data may appear in a customer mart: one row per
-- customer who has not asked to be erased (int_customers__consent). The
-- erasure filter is applied here only: every customer mart, and the
-- clustering, inner-joins this model instead of repeating the rule.
-- Revenue of erased customers stays in the order facts (see
-- tests/marts/assert_completed_revenue_reconciles.sql).
with

consent as (
    select
        customer_id,
        is_erasure_requested
    from {{ ref('int_customers__consent') }}
),

final as (
    select customer_id
    from consent
    where not is_erasure_requested
)

select * from final
