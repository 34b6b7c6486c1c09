-- Purchase frequency band: one row per customer, from the typical (median)
-- days between purchases: weekly, monthly, quarterly or occasional (limits
-- in vars frequency_*_max_days); one_time with a single purchase; never
-- without one.
with

frequency as (
    select
        customer_id,
        typical_interval_days
    from {{ ref('int_customers__frequency_features') }}
),

behavior as (
    select
        customer_id,
        purchase_count
    from {{ ref('int_customers__behavioral_features') }}
),

final as (
    select
        behavior.customer_id,
        behavior.purchase_count,
        frequency.typical_interval_days,
        case
            when behavior.purchase_count = 0 then 'never'
            when behavior.purchase_count = 1 then 'one_time'
            when frequency.typical_interval_days
                <= {{ sql_literal(setting('frequency_weekly_max_days')) }}
                then 'weekly'
            when frequency.typical_interval_days
                <= {{ sql_literal(setting('frequency_monthly_max_days')) }}
                then 'monthly'
            when frequency.typical_interval_days
                <= {{ sql_literal(setting('frequency_quarterly_max_days')) }}
                then 'quarterly'
            else 'occasional'
        end as segment,
        case
            when behavior.purchase_count <= 1
                then cast(behavior.purchase_count as {{ dbt.type_string() }})
                    || ' purchase(s)'
            else
                'typically '
                || cast(
                    round(frequency.typical_interval_days, 1)
                    as {{ dbt.type_string() }}
                )
                || ' days between purchases'
        end as segment_reason
    from behavior
    left join frequency
        on behavior.customer_id = frequency.customer_id
)

select * from final
