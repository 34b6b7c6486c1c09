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
)

select * from renamed
