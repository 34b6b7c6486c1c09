{{ config(
    post_hook="{{ delete_customers_without_rows(
        ref('int_orders__enriched')
    ) }}",
    **incremental_order_config(),
) }}

{%- set channels = ['web', 'app', 'store', 'phone', 'marketplace'] %}

-- Per-customer aggregates of the valid orders and order lines (counts, sums,
-- first and last dates, interval statistics, channel and category mix): one
-- row per customer with an order. Only what the order rows alone determine
-- is stored; what depends on the as-of date (recency, tenure, purchases in
-- the last 90 / 365 days) is computed from these rows in the feature models.
-- Incremental: each run recomputes the customers with an order or order line
-- in the lookback window or with rows removed since (changed_customers).
with

{% if is_incremental() %}
    changed as (
        {{ changed_customers(
            ref('int_orders__enriched'),
            'ordered_at',
            'latest_ordered_at',
            'order_count',
        ) }}
        union
        {{ changed_customers(
            ref('int_order_items__enriched'),
            'ordered_at',
            'latest_ordered_at',
            'order_line_count',
        ) }}
    ),

{% endif %}
orders as (
    select
        customer_id,
        ordered_at,
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
    {% if is_incremental() %}
        where customer_id in (select changed.customer_id from changed)
    {% endif %}
),

items as (
    select
        customer_id,
        category,
        line_amount,
        is_completed
    from {{ ref('int_order_items__enriched') }}
    {% if is_incremental() %}
        where customer_id in (select changed.customer_id from changed)
    {% endif %}
),

order_stats as (
    select
        customer_id,
        max(ordered_at) as latest_ordered_at,
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
        count(
            distinct case
                when is_completed
                    then {{ dbt.date_trunc('month', 'order_date') }}
            end
        ) as active_months,
        {% for channel in channels %}
            sum(
                case
                    when is_completed and channel = '{{ channel }}'
                        then 1
                    else 0
                end
            ) as {{ channel }}_purchase_count,
        {% endfor %}
        -- days_since_previous_purchase is null unless completed
        avg(days_since_previous_purchase) as mean_interpurchase_days,
        -- from exact integer sums: stddev_samp() on doubles depends on the
        -- order the rows arrive in, which differs between a full and an
        -- incremental build
        {{ stddev_samp_from_sums(
            'count(days_since_previous_purchase)',
            'sum(days_since_previous_purchase)',
            'sum(days_since_previous_purchase * days_since_previous_purchase)',
            0,
        ) }} as stddev_interpurchase_days,
        {{ median('days_since_previous_purchase') }} as typical_interval_days
    from orders
    group by customer_id
),

line_counts as (
    select
        customer_id,
        count(*) as order_line_count
    from items
    group by customer_id
),

category_revenue as (
    select
        customer_id,
        category,
        sum(line_amount) as category_amount
    from items
    where is_completed
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
        order_stats.customer_id,
        order_stats.latest_ordered_at,
        order_stats.order_count,
        order_stats.purchase_count,
        order_stats.cancelled_count,
        order_stats.returned_count,
        order_stats.completed_revenue,
        order_stats.discounted_purchase_count,
        order_stats.discount_total,
        order_stats.first_order_date,
        order_stats.last_order_date,
        order_stats.active_months,
        {% for channel in channels %}
            order_stats.{{ channel }}_purchase_count,
        {% endfor %}
        order_stats.mean_interpurchase_days,
        order_stats.stddev_interpurchase_days,
        order_stats.typical_interval_days,
        category_stats.top_category,
        coalesce(line_counts.order_line_count, 0) as order_line_count,
        coalesce(category_stats.category_count, 0) as category_count
    from order_stats
    left join line_counts
        on order_stats.customer_id = line_counts.customer_id
    left join category_stats
        on order_stats.customer_id = category_stats.customer_id
)

select * from final
