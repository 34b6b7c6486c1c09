{{ config(
    post_hook="{{ delete_orphaned_rows(
        'order_id',
        ref('int_orders__enriched'),
        ref('int_orders__quarantined_keys'),
        or_where='cast(ordered_at as date) > (select as_of_date from '
            ~ ref('int_as_of_date') ~ ')',
    ) }}",
    **incremental_order_config(),
) }}

{#- read here, not only in the incremental branch, so the DAG has it -#}
{%- set quarantined_keys = ref('int_orders__quarantined_keys') %}

-- One row per valid order placed up to the as-of date. Only completed orders
-- count as purchases (revenue, frequency, recency).
with

orders as (
    select
        order_id,
        customer_id,
        ordered_at,
        order_date,
        order_total,
        currency,
        status,
        channel,
        discount_amount,
        revenue_amount,
        discount_reporting_amount,
        item_count,
        is_completed,
        is_cancelled,
        is_returned,
        is_discounted,
        purchase_number,
        days_since_previous_purchase
    from {{ ref('int_orders__enriched') }}
    {% if is_incremental() %}
        where customer_id in (
            {{ incremental_customers(
                ref('int_orders__enriched'), 'order_id', quarantined_keys
            ) }}
        )
    {% endif %}
)

select * from orders
