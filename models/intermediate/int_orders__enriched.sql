{{ config(
    post_hook="{{ delete_orphaned_rows(
        'order_id',
        ref('stg_shop__orders'),
        ref('int_orders__quarantined_keys'),
        or_where='order_date > (select as_of_date from '
            ~ ref('int_as_of_date') ~ ')',
    ) }}",
    **incremental_order_config(),
) }}

{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{#- read here, not only in the incremental branch, so the DAG has it -#}
{%- set quarantined_keys = ref('int_orders__quarantined_keys') %}

-- Valid orders placed up to the as-of date, with flags, per-customer
-- sequence and amounts converted to var reporting_currency. Only completed
-- orders are purchases: they alone count towards revenue, frequency and
-- recency.
-- Incremental: each run replaces the orders of the customers with an order
-- in the lookback window (var incremental_lookback_days).
with

orders as (
    select
        order_id,
        customer_id,
        ordered_at,
        order_total,
        currency,
        status,
        channel,
        discount_amount,
        item_count
    from {{ ref('stg_shop__orders') }}
    where cast(ordered_at as date) <= {{ as_of_date }}
    {% if is_incremental() %}
        -- every order of the customers with an order in the window
        and customer_id in (
            {{ incremental_customers(
                ref('stg_shop__orders'), 'order_id', quarantined_keys
            ) }}
        )
    {% endif %}
),

rates as (
    select
        currency,
        rate_to_reporting
    from {{ ref('currency_rates') }}
),

items as (
    select
        order_id,
        sum(quantity) as item_quantity
    from {{ ref('stg_shop__order_items') }}
    group by order_id
),

flagged as (
    select
        orders.order_id,
        orders.customer_id,
        orders.ordered_at,
        orders.order_total,
        orders.currency,
        orders.status,
        orders.channel,
        orders.discount_amount,
        cast(
            orders.order_total * rates.rate_to_reporting as decimal(18, 2)
        ) as revenue_amount,
        cast(
            orders.discount_amount * rates.rate_to_reporting as decimal(18, 2)
        ) as discount_reporting_amount,
        cast(orders.ordered_at as date) as order_date,
        cast(
            coalesce(orders.item_count, items.item_quantity) as bigint
        ) as item_count,
        orders.status = 'completed' as is_completed,
        orders.status = 'cancelled' as is_cancelled,
        orders.status = 'returned' as is_returned,
        orders.discount_amount > 0 as is_discounted
    from orders
    left join items
        on orders.order_id = items.order_id
    -- every staged order has a rate: others are quarantined (unknown_currency)
    inner join rates
        on orders.currency = rates.currency
),

-- the purchase sequence over completed orders only, on three columns: a
-- window over every column of every order ran out of DuckDB's default 4 GB
-- at 3M customers (28M orders)
purchase_sequence as (
    select
        flagged.order_id,
        -- a bigint on every engine (Spark's row_number is an int)
        cast(row_number() over (
            partition by flagged.customer_id
            order by flagged.ordered_at, flagged.order_id
        ) as bigint) as purchase_number,
        {{ dbt.datediff(
            'lag(flagged.ordered_at) over (partition by flagged.customer_id'
            ~ ' order by flagged.ordered_at, flagged.order_id)',
            'flagged.ordered_at',
            'day',
        ) }} as days_since_previous_purchase
    from flagged
    where flagged.is_completed
),

final as (
    select
        flagged.order_id,
        flagged.customer_id,
        flagged.ordered_at,
        flagged.order_date,
        flagged.order_total,
        flagged.currency,
        flagged.status,
        flagged.channel,
        flagged.discount_amount,
        flagged.revenue_amount,
        flagged.discount_reporting_amount,
        flagged.item_count,
        flagged.is_completed,
        flagged.is_cancelled,
        flagged.is_returned,
        flagged.is_discounted,
        purchase_sequence.purchase_number,
        purchase_sequence.days_since_previous_purchase
    from flagged
    left join purchase_sequence
        on flagged.order_id = purchase_sequence.order_id
)

select * from final
