{%- set raw_columns = [
    'product_id', 'product_name', 'category', 'subcategory', 'brand', 'list_price',
] -%}
{%- set types = raw_column_types(source('shop', 'products')) -%}

with

source as (
    select * from {{ source('shop', 'products') }}

),

renamed as (
    select
        -- the raw columns as they came, for the record of a quarantined row
        {% for column in raw_columns %}
            {{ column }} as raw__{{ column }},
        {% endfor %}
        {{ typed_value('product_id', 'text', types) }} as product_id,
        {{ typed_value('product_name', 'text', types) }} as product_name,
        lower({{ typed_value('category', 'text', types) }}) as category,
        lower({{ typed_value('subcategory', 'text', types) }}) as subcategory,
        {{ typed_value('brand', 'text', types) }} as brand,
        {{ typed_value('list_price', 'number', types) }} as list_price,
        {{ typed_state('list_price', 'number', types) }} as list_price_state
    from source
)

select * from renamed
