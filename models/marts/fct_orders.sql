{{ config(materialized='view') }}

-- One row per valid order placed up to the as-of date. Only completed orders
-- count as purchases (revenue, frequency, recency).
-- A view on int_orders__enriched, which already holds these rows as an
-- incremental table: a copy would be written again on every build. The
-- serving file publishes it as a table (macros/serving/), so readers never
-- recompute it; the enforced contract checks the view's columns and types.
-- The view names its table without the database (catalog): DuckDB then
-- resolves it in the database holding the view, so the build database still
-- reads when attached under another name.
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
    from {{ ref('int_orders__enriched').include(database=False) }}
)

select * from orders
