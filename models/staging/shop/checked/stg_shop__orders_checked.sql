{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='order_id',
    on_schema_change='fail',
    pre_hook="{{ delete_missing_keys('order_id') }}",
) }}

{%- set raw_columns = [
    'order_id', 'customer_id', 'ordered_at', 'order_total', 'currency',
    'status', 'channel', 'discount_amount', 'item_count',
] -%}

with

base as (
    select * from {{ ref('base_shop__orders') }}
    {% if is_incremental() %}
        -- keys with a row in the lookback window, and rows without a key
        where {{ raw_batch_filter(
            ref('base_shop__orders'), 'order_id', 'ordered_at'
        ) }}
    {% endif %}
),

known_customers as (
    select distinct customer_id
    from {{ ref('stg_shop__customers_checked') }}
    where customer_id is not null
),

statuses as (
    select
        raw_value,
        normalized_value
    from {{ ref('value_map') }}
    where domain = 'order_status'
),

currency_rates as (
    select currency
    from {{ ref('currency_rates') }}
),

channels as (
    select
        raw_value,
        normalized_value
    from {{ ref('value_map') }}
    where domain = 'order_channel'
),

normalized as (
    select
        base.*,
        case
            when base.status_raw is null then 'completed'
            else coalesce(statuses.normalized_value, 'other')
        end as status,
        case
            when base.channel_raw is null then 'unknown'
            else coalesce(channels.normalized_value, 'other')
        end as channel,
        known_customers.customer_id is not null as is_known_customer,
        currency_rates.currency is not null as is_known_currency,
        -- item_count is informative (the order's lines count otherwise): a
        -- bad one is nulled and counted, it does not spoil the order
        case
            when {{ is_unparseable_number('item_count_state') }}
                then 'unparseable_amount'
            when base.item_count_value < 0 then 'negative_amount'
            when {{ is_out_of_range(
                    'item_count_state', 'item_count_value', 'max_count'
                ) }}
                then 'out_of_range_count'
        end as item_count_issue
    from base
    left join statuses
        on base.status_raw = statuses.raw_value
    left join channels
        on base.channel_raw = channels.raw_value
    left join known_customers
        on base.customer_id = known_customers.customer_id
    left join currency_rates
        on base.currency = currency_rates.currency
),

checked as (
    select
        *,
        {{ record_hash([
            'customer_id', 'ordered_at', 'order_total', 'currency', 'status',
            'channel', 'discount_amount', 'item_count_value',
        ]) }} as record_hash,
        case
            when order_id is null then 'missing_key'
            when customer_id is null
                or ordered_at_state = 'missing'
                or order_total_state = 'missing'
                then 'missing_required_value'
            when ordered_at is null then 'unparseable_date'
            when ordered_at > {{ future_cutoff() }} then 'future_date'
            when {{ is_unparseable_number('order_total_state') }}
                or {{ is_unparseable_number('discount_amount_state') }}
                then 'unparseable_amount'
            when order_total < 0 or discount_amount < 0 then 'negative_amount'
            -- beyond var max_amount a later conversion or sum could overflow
            when {{ is_out_of_range(
                    'order_total_state', 'order_total', 'max_amount'
                ) }}
                or {{ is_out_of_range(
                    'discount_amount_state', 'discount_amount', 'max_amount'
                ) }}
                then 'out_of_range_amount'
            -- without a rate the amount cannot be reported with the others
            when not is_known_currency then 'unknown_currency'
            when not is_known_customer then 'unknown_customer'
        end as row_reason
    from normalized
),

-- keys shared by rows without a row_reason, and their versions (hashes)
duplicate_keys as (
    select
        order_id,
        count(distinct record_hash) as versions
    from checked
    where row_reason is null
    group by order_id
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
            checked.order_id = duplicate_keys.order_id
            and checked.row_reason is null
    where duplicate_keys.versions is null
    union all
    select
        checked.*,
        case
            when duplicate_keys.versions > 1 then 'conflicting_duplicate'
            when row_number() over (
                    partition by checked.order_id
                    order by {{ record_to_json(raw_columns, 'checked.raw__') }}
                ) > 1 then 'exact_duplicate'
        end as quarantine_reason
    from checked
    inner join duplicate_keys
        on checked.order_id = duplicate_keys.order_id
    where checked.row_reason is null
),

final as (
    select
        order_id,
        customer_id,
        ordered_at,
        order_total,
        currency,
        status,
        channel,
        item_count_issue,
        quarantine_reason,
        case
            when item_count_issue is null then item_count_value
        end as item_count,
        coalesce(discount_amount, 0) as discount_amount,
        {{ quarantined_raw_record(raw_columns) }} as raw_record
    from classified
)

select * from final
