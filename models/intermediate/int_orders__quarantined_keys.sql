-- The order and order-line keys with at least one quarantined raw row. The
-- incremental order models look for rows to remove only among these keys
-- (an order disappears from the valid orders only by being quarantined),
-- instead of comparing every row with their upstream on every run.
with

quarantine as (
    select
        source_table,
        record_key
    from {{ ref('stg_shop__quarantine') }}
    where source_table in ('orders', 'order_items')
        and record_key is not null
)

select distinct
    source_table,
    record_key
from quarantine
