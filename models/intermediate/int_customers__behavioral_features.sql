-- Behavioural (RFM) features: one row per customer, customers without orders
-- included. Purchases are completed orders up to the as-of date.
-- days_since_last_order is RFM recency (as-of date minus last purchase);
-- btyd_recency_days is the buy-till-you-die recency (last minus first
-- purchase). Amounts are in var reporting_currency.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set channels = ['web', 'app', 'store', 'phone', 'marketplace'] %}

with

customers as (
    select
        customer_id,
        signup_at
    from {{ ref('stg_shop__customers') }}
),

orders as (
    select
        customer_id,
        order_date,
        revenue_amount,
        channel,
        discount_reporting_amount,
        is_completed,
        is_cancelled,
        is_returned,
        is_discounted,
        days_since_previous_purchase
    from {{ ref('int_orders__enriched') }}
),

items as (
    select
        customer_id,
        category,
        line_amount
    from {{ ref('int_order_items__enriched') }}
    where is_completed
),

-- raw order rows of the customer that could not be used (data errors)
quarantined_orders as (
    select
        customer_id,
        count(*) as quarantined_order_rows
    from {{ ref('stg_shop__quarantine') }}
    where source_table = 'orders'
        and is_data_error
        and customer_id is not null
    group by customer_id
),

order_stats as (
    select
        customer_id,
        count(*) as order_count,
        sum(case when is_completed then 1 else 0 end) as purchase_count,
        sum(case when is_cancelled then 1 else 0 end) as cancelled_count,
        sum(case when is_returned then 1 else 0 end) as returned_count,
        sum(
            case when is_completed then revenue_amount else 0 end
        ) as completed_revenue,
        sum(
            case when is_completed and is_discounted then 1 else 0 end
        ) as discounted_purchase_count,
        sum(
            case when is_completed then discount_reporting_amount else 0 end
        ) as discount_total,
        min(case when is_completed then order_date end) as first_order_date,
        max(case when is_completed then order_date end) as last_order_date,
        {% for channel in channels %}
            sum(
                case
                    when is_completed and channel = '{{ channel }}'
                        then 1
                    else 0
                end
            ) as {{ channel }}_purchase_count,
        {% endfor %}
        avg(days_since_previous_purchase) as mean_interpurchase_days,
        stddev_samp(days_since_previous_purchase) as stddev_interpurchase_days
    from orders
    group by customer_id
),

category_revenue as (
    select
        customer_id,
        category,
        sum(line_amount) as category_amount
    from items
    group by customer_id, category
),

category_stats as (
    select
        customer_id,
        count(*) as category_count,
        max(case when category_rank = 1 then category end) as top_category
    from (
        select
            customer_id,
            category,
            row_number() over (
                partition by customer_id
                order by category_amount desc, category asc
            ) as category_rank
        from category_revenue
    ) as ranked
    group by customer_id
),

final as (
    select
        customers.customer_id,
        order_stats.first_order_date,
        order_stats.last_order_date,
        order_stats.mean_interpurchase_days,
        order_stats.stddev_interpurchase_days,
        category_stats.top_category,
        cast(coalesce(order_stats.order_count, 0) as integer) as order_count,
        cast(
            coalesce(order_stats.purchase_count, 0) as integer
        ) as purchase_count,
        cast(
            coalesce(order_stats.completed_revenue, 0) as decimal(18, 2)
        ) as completed_revenue,
        case
            when order_stats.purchase_count > 0
                then
                    cast(order_stats.completed_revenue as double)
                    / order_stats.purchase_count
        end as avg_order_value,
        {{ dbt.datediff(
            'order_stats.first_order_date', as_of_date, 'day'
        ) }} as tenure_days,
        {{ dbt.datediff(
            'order_stats.last_order_date', as_of_date, 'day'
        ) }} as days_since_last_order,
        {{ dbt.datediff(
            'order_stats.first_order_date', 'order_stats.last_order_date', 'day'
        ) }} as btyd_recency_days,
        {{ dbt.datediff(
            'cast(customers.signup_at as date)', as_of_date, 'day'
        ) }} as days_since_signup,
        case
            when order_stats.mean_interpurchase_days is not null
                then cast({{ dbt.dateadd(
                    'day',
                    'cast(round(order_stats.mean_interpurchase_days) as integer)',
                    'order_stats.last_order_date',
                ) }} as date)
        end as expected_next_order_date,
        case
            when order_stats.order_count > 0
                then cast(order_stats.cancelled_count as double)
                    / order_stats.order_count
        end as cancel_rate,
        case
            when order_stats.order_count > 0
                then cast(order_stats.returned_count as double)
                    / order_stats.order_count
        end as return_rate,
        case
            when order_stats.purchase_count > 0
                then cast(order_stats.discounted_purchase_count as double)
                    / order_stats.purchase_count
        end as discount_order_share,
        case
            when order_stats.completed_revenue > 0
                then cast(order_stats.discount_total as double)
                    / (
                        order_stats.completed_revenue
                        + order_stats.discount_total
                    )
        end as discount_amount_share,
        {% for channel in channels %}
            case
                when order_stats.purchase_count > 0
                    then
                        cast(order_stats.{{ channel }}_purchase_count as double)
                        / order_stats.purchase_count
            end as {{ channel }}_purchase_share,
        {% endfor %}
        case
            when order_stats.purchase_count > 0 then
                case greatest(
                    {%- for channel in channels %}
                        order_stats.{{ channel }}_purchase_count
                        {{- ',' if not loop.last }}
                    {%- endfor %}
                )
                    -- purchases in other or unknown channels only
                    when 0 then 'other'
                    {% for channel in channels %}
                        when order_stats.{{ channel }}_purchase_count
                            then '{{ channel }}'
                    {% endfor %}
                end
        end as primary_purchase_channel,
        cast(
            coalesce(category_stats.category_count, 0) as integer
        ) as category_count,
        cast(
            coalesce(quarantined_orders.quarantined_order_rows, 0) as integer
        ) as quarantined_order_rows,
        -- looks like a prospect, but ordered: every order was quarantined
        coalesce(order_stats.order_count, 0) = 0
        and quarantined_orders.quarantined_order_rows is not null
            as has_only_quarantined_orders
    from customers
    left join order_stats
        on customers.customer_id = order_stats.customer_id
    left join category_stats
        on customers.customer_id = category_stats.customer_id
    left join quarantined_orders
        on customers.customer_id = quarantined_orders.customer_id
)

select * from final
