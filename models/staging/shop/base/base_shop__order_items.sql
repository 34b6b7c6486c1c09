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
{%- set types = raw_column_types(source('shop', 'order_items')) -%}
{%- set item_key = typed_value('order_item_id', 'text', types) -%}
{%- set order_key = typed_value('order_id', 'text', types) -%}

with

source as (
    select * from {{ source('shop', 'order_items') }}
    {% if is_incremental() %}
        -- every row of each item key whose order is in the lookback window
        -- (by the order's time), has no key, or has no known order
        where {{ item_key }} is null
            or {{ item_key }} in (
                select {{ item_key }}
                from {{ source('shop', 'order_items') }}
                where {{ order_key }} is null
                    or {{ order_key }} in (
                        select order_id
                        from {{ ref('base_shop__orders') }}
                        where ordered_at is null
                            or ordered_at >= {{ incremental_cutoff(
                                'ordered_at'
                            ) }}
                    )
                    or {{ order_key }} not in (
                        select order_id
                        from {{ ref('base_shop__orders') }}
                        where order_id is not null
                    )
            )
    {% endif %}
),

valid_orders as (
    select
        order_id,
        min(ordered_at) as ordered_at
    from {{ ref('base_shop__orders') }}
    where quarantine_reason is null or quarantine_reason = 'exact_duplicate'
    group by order_id
),

renamed as (
    select
        -- the raw columns as they came, for the record of a quarantined row
        {% for column in raw_columns %}
            {{ column }} as raw__{{ column }},
        {% endfor %}
        {{ item_key }} as order_item_id,
        {{ order_key }} as order_id,
        {{ typed_value('product_id', 'text', types) }} as product_id,
        {{ typed_value('quantity', 'integer', types) }} as quantity,
        {{ typed_state('quantity', 'integer', types) }} as quantity_state,
        {{ typed_value('unit_price', 'number', types) }} as unit_price,
        {{ typed_state('unit_price', 'number', types) }} as unit_price_state,
        {{ typed_value(
            'discount_amount', 'number', types
        ) }} as discount_amount,
        {{ typed_state(
            'discount_amount', 'number', types
        ) }} as discount_amount_state
    from source
),

with_order as (
    select
        renamed.*,
        valid_orders.ordered_at,
        valid_orders.order_id is not null as is_known_order
    from renamed
    left join valid_orders
        on renamed.order_id = valid_orders.order_id
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
-- duplicated rows go through a window (see _base__models.yml)
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
