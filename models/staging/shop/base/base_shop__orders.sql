{%- set raw_columns = [
    'order_id', 'customer_id', 'ordered_at', 'order_total', 'currency',
    'status', 'channel', 'discount_amount', 'item_count',
] -%}
{%- set types = raw_column_types(source('shop', 'orders')) -%}

with

source as (
    select * from {{ source('shop', 'orders') }}
),

renamed as (
    select
        -- the raw columns as they came, for the record of a quarantined row
        {% for column in raw_columns %}
            {{ column }} as raw__{{ column }},
        {% endfor %}
        {{ typed_value('order_id', 'text', types) }} as order_id,
        {{ typed_value('customer_id', 'text', types) }} as customer_id,
        {{ typed_value('ordered_at', 'timestamp', types) }} as ordered_at,
        {{ typed_state('ordered_at', 'timestamp', types) }} as ordered_at_state,
        {{ typed_value('order_total', 'number', types) }} as order_total,
        {{ typed_state('order_total', 'number', types) }} as order_total_state,
        upper(
            coalesce(
                {{ typed_value('currency', 'text', types) }},
                {{ sql_literal(setting('default_currency')) }}
            )
        ) as currency,
        lower({{ typed_value('status', 'text', types) }}) as status_raw,
        lower({{ typed_value('channel', 'text', types) }}) as channel_raw,
        {{ typed_value(
            'discount_amount', 'number', types
        ) }} as discount_amount,
        {{ typed_state(
            'discount_amount', 'number', types
        ) }} as discount_amount_state,
        {{ typed_value('item_count', 'integer', types) }} as item_count_value,
        {{ typed_state('item_count', 'integer', types) }} as item_count_state
    from source
)

select * from renamed
