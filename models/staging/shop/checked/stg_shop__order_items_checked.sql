{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='order_item_id',
    on_schema_change='fail',
    pre_hook="{{ delete_missing_keys('order_item_id') }}",
) }}

{%- set raw_columns = [
    'order_item_id', 'order_id', 'product_id', 'quantity', 'unit_price',
    'discount_amount',
] -%}

with

base as (
    select * from {{ ref('base_shop__order_items') }}
    {% if is_incremental() %}
        -- every row of each item key whose order is in the lookback window
        -- (by the order's time), has no key, or has no known order
        where order_item_id is null
            or order_item_id in (
                select order_item_id
                from {{ ref('base_shop__order_items') }}
                where order_id is null
                    or order_id in (
                        select order_id
                        from {{ ref('stg_shop__orders_checked') }}
                        where ordered_at is null
                            or ordered_at >= {{ incremental_cutoff(
                                'ordered_at'
                            ) }}
                    )
                    or order_id not in (
                        select order_id
                        from {{ ref('stg_shop__orders_checked') }}
                        where order_id is not null
                    )
            )
    {% endif %}
),

valid_orders as (
    select
        order_id,
        min(ordered_at) as ordered_at
    from {{ ref('stg_shop__orders_checked') }}
    where quarantine_reason is null or quarantine_reason = 'exact_duplicate'
    group by order_id
),

with_order as (
    select
        base.*,
        valid_orders.ordered_at,
        valid_orders.order_id is not null as is_known_order
    from base
    left join valid_orders
        on base.order_id = valid_orders.order_id
),

checked as (
    select
        *,
        {{ record_hash([
            'order_id', 'product_id', 'quantity', 'unit_price', 'discount_amount',
        ]) }} as record_hash,
        case
            when order_item_id is null then 'missing_key'
            when {{ is_unparseable_number('quantity_state') }}
                or {{ is_unparseable_number('unit_price_state') }}
                or {{ is_unparseable_number('discount_amount_state') }}
                then 'unparseable_amount'
            when quantity < 0 or unit_price < 0 or discount_amount < 0
                then 'negative_amount'
            -- beyond vars max_amount / max_count the line amount (quantity x
            -- unit price) or a later sum could overflow
            when {{ is_out_of_range(
                    'unit_price_state', 'unit_price', 'max_amount'
                ) }}
                or {{ is_out_of_range(
                    'discount_amount_state', 'discount_amount', 'max_amount'
                ) }}
                then 'out_of_range_amount'
            when {{ is_out_of_range(
                    'quantity_state', 'quantity', 'max_count'
                ) }}
                then 'out_of_range_count'
            when not is_known_order then 'unknown_order'
        end as row_reason
    from with_order
),

-- keys shared by rows without a row_reason, and their versions (hashes)
duplicate_keys as (
    select
        order_item_id,
        count(distinct record_hash) as versions
    from checked
    where row_reason is null
    group by order_item_id
    having count(*) > 1
),

-- quarantine_reason: row_reason, else 'conflicting_duplicate' (several
-- versions), else 'exact_duplicate' but for the first copy; only the few
-- duplicated rows go through a window (see _checked__models.yml)
classified as (
    select
        checked.*,
        checked.row_reason as quarantine_reason
    from checked
    left join duplicate_keys
        on
            checked.order_item_id = duplicate_keys.order_item_id
            and checked.row_reason is null
    where duplicate_keys.versions is null
    union all
    select
        checked.*,
        case
            when duplicate_keys.versions > 1 then 'conflicting_duplicate'
            when row_number() over (
                    partition by checked.order_item_id
                    order by {{ record_to_json(raw_columns, 'checked.raw__') }}
                ) > 1 then 'exact_duplicate'
        end as quarantine_reason
    from checked
    inner join duplicate_keys
        on checked.order_item_id = duplicate_keys.order_item_id
    where checked.row_reason is null
),

final as (
    select
        order_item_id,
        order_id,
        ordered_at,
        product_id,
        unit_price,
        quarantine_reason,
        coalesce(quantity, 1) as quantity,
        coalesce(discount_amount, 0) as discount_amount,
        {{ quarantined_raw_record(raw_columns) }} as raw_record
    from classified
)

select * from final
