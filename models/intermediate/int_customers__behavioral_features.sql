-- Behavioural (RFM) features: one row per customer, customers without orders
-- included. Purchases are completed orders up to the as-of date.
-- days_since_last_order is RFM recency (as-of date minus last purchase);
-- btyd_recency_days is the buy-till-you-die recency (last minus first
-- purchase). Amounts are in var reporting_currency. Counts, sums and dates
-- come from int_customers__order_aggregates (incremental); what moves with
-- the as-of date is computed here, one row per customer.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set channels = ['web', 'app', 'store', 'phone', 'marketplace'] %}

with

customers as (
    select
        customer_id,
        signup_at
    from {{ ref('stg_shop__customers') }}
),

-- per-customer order aggregates, kept incrementally: only the as-of date
-- relative figures (tenure, recency, days since signup) are computed here
order_stats as (
    select
        customer_id,
        order_count,
        purchase_count,
        cancelled_count,
        returned_count,
        completed_revenue,
        discounted_purchase_count,
        discount_total,
        first_order_date,
        last_order_date,
        {% for channel in channels %}
            {{ channel }}_purchase_count,
        {% endfor %}
        mean_interpurchase_days,
        stddev_interpurchase_days,
        category_count,
        top_category
    from {{ ref('int_customers__order_aggregates') }}
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

final as (
    select
        customers.customer_id,
        order_stats.first_order_date,
        order_stats.last_order_date,
        order_stats.mean_interpurchase_days,
        order_stats.stddev_interpurchase_days,
        order_stats.top_category,
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
            coalesce(order_stats.category_count, 0) as integer
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
    left join quarantined_orders
        on customers.customer_id = quarantined_orders.customer_id
)

select * from final
