{%- set raw_columns = [
    'product_id', 'product_name', 'category', 'subcategory', 'brand', 'list_price',
] -%}

with

source as (
    select * from {{ source('shop', 'products') }}
),

renamed as (
    select
        {{ clean_text('product_id') }} as product_id,
        {{ clean_text('product_name') }} as product_name,
        lower({{ clean_text('category') }}) as category,
        lower({{ clean_text('subcategory') }}) as subcategory,
        {{ clean_text('brand') }} as brand,
        {{ clean_text('list_price') }} as list_price_text,
        {{ safe_numeric('list_price') }} as list_price,
        {{ record_struct(raw_columns) }} as raw_values
    from source
),

checked as (
    select
        *,
        {{ record_hash([
            'product_name', 'category', 'subcategory', 'brand', 'list_price',
        ]) }} as record_hash,
        case
            when product_id is null then 'missing_key'
            when {{ is_unparseable_number('list_price_text', 'list_price') }}
                then 'unparseable_amount'
            when list_price < 0 then 'negative_amount'
            when {{ is_out_of_range(
                    'list_price_text', 'list_price', 'max_amount'
                ) }}
                then 'out_of_range_amount'
        end as row_reason
    from renamed
),

{{ classify_duplicates('checked', ['product_id']) }}

final as (
    select
        product_id,
        product_name,
        subcategory,
        brand,
        list_price,
        quarantine_reason,
        coalesce(category, 'unknown') as category,
        {{ quarantined_raw_record() }} as raw_record
    from classified
)

select * from final
