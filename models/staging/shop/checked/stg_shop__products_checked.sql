{%- set raw_columns = [
    'product_id', 'product_name', 'category', 'subcategory', 'brand', 'list_price',
] -%}

with

base as (
    select * from {{ ref('base_shop__products') }}
),

checked as (
    select
        *,
        {{ record_hash([
            'product_name', 'category', 'subcategory', 'brand', 'list_price',
        ]) }} as record_hash,
        case
            when product_id is null then 'missing_key'
            when {{ is_unparseable_number('list_price_state') }}
                then 'unparseable_amount'
            when list_price < 0 then 'negative_amount'
            when {{ is_out_of_range(
                    'list_price_state', 'list_price', 'max_amount'
                ) }}
                then 'out_of_range_amount'
        end as row_reason
    from base
),

-- keys shared by rows without a row_reason, and their versions (hashes)
duplicate_keys as (
    select
        product_id,
        count(distinct record_hash) as versions
    from checked
    where row_reason is null
    group by product_id
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
            checked.product_id = duplicate_keys.product_id
            and checked.row_reason is null
    where duplicate_keys.versions is null
    union all
    select
        checked.*,
        case
            when duplicate_keys.versions > 1 then 'conflicting_duplicate'
            when row_number() over (
                    partition by checked.product_id
                    order by {{ record_to_json(raw_columns, 'checked.raw__') }}
                ) > 1 then 'exact_duplicate'
        end as quarantine_reason
    from checked
    inner join duplicate_keys
        on checked.product_id = duplicate_keys.product_id
    where checked.row_reason is null
),

final as (
    select
        product_id,
        product_name,
        subcategory,
        brand,
        list_price,
        quarantine_reason,
        coalesce(category, 'unknown') as category,
        {{ quarantined_raw_record(raw_columns) }} as raw_record
    from classified
)

select * from final
