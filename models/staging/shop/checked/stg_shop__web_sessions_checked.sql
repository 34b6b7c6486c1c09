{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='session_id',
    on_schema_change='fail',
    pre_hook="{{ delete_missing_keys('session_id') }}",
) }}

{%- set raw_columns = [
    'session_id', 'customer_id', 'started_at', 'device_type', 'os', 'browser',
    'traffic_source', 'pageviews', 'duration_seconds',
] -%}

with

base as (
    select * from {{ ref('base_shop__web_sessions') }}
    {% if is_incremental() %}
        -- keys with a row in the lookback window, and rows without a key
        where {{ raw_batch_filter(
            ref('base_shop__web_sessions'), 'session_id', 'started_at'
        ) }}
    {% endif %}
),

known_customers as (
    select distinct customer_id
    from {{ ref('stg_shop__customers_checked') }}
    where customer_id is not null
),

device_types as (
    select
        raw_value,
        normalized_value
    from {{ ref('value_map') }}
    where domain = 'device_type'
),

normalized as (
    select
        base.*,
        case
            when base.device_type_raw is null then 'unknown'
            else coalesce(device_types.normalized_value, 'other')
        end as device_type,
        known_customers.customer_id is not null as is_known_customer
    from base
    left join device_types
        on base.device_type_raw = device_types.raw_value
    left join known_customers
        on base.customer_id = known_customers.customer_id
),

checked as (
    select
        *,
        {{ record_hash([
            'customer_id', 'started_at', 'device_type', 'os', 'browser',
            'traffic_source', 'pageviews', 'duration_seconds',
        ]) }} as record_hash,
        case
            when session_id is null then 'missing_key'
            when started_at_state = 'missing' then 'missing_required_value'
            when started_at is null then 'unparseable_date'
            when started_at > {{ future_cutoff() }} then 'future_date'
            when {{ is_unparseable_number('pageviews_state') }}
                or {{ is_unparseable_number('duration_seconds_state') }}
                then 'unparseable_amount'
            when pageviews < 0 or duration_seconds < 0 then 'negative_amount'
            when {{ is_out_of_range(
                    'pageviews_state', 'pageviews', 'max_count'
                ) }}
                or {{ is_out_of_range(
                    'duration_seconds_state', 'duration_seconds', 'max_count'
                ) }}
                then 'out_of_range_count'
            -- a null customer_id is an anonymous session, which is valid
            when customer_id is not null and not is_known_customer
                then 'unknown_customer'
        end as row_reason
    from normalized
),

-- keys shared by rows without a row_reason, and their versions (hashes)
duplicate_keys as (
    select
        session_id,
        count(distinct record_hash) as versions
    from checked
    where row_reason is null
    group by session_id
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
            checked.session_id = duplicate_keys.session_id
            and checked.row_reason is null
    where duplicate_keys.versions is null
    union all
    select
        checked.*,
        case
            when duplicate_keys.versions > 1 then 'conflicting_duplicate'
            when row_number() over (
                    partition by checked.session_id
                    order by {{ record_to_json(raw_columns, 'checked.raw__') }}
                ) > 1 then 'exact_duplicate'
        end as quarantine_reason
    from checked
    inner join duplicate_keys
        on checked.session_id = duplicate_keys.session_id
    where checked.row_reason is null
),

final as (
    select
        session_id,
        customer_id,
        started_at,
        device_type,
        os,
        browser,
        traffic_source,
        pageviews,
        duration_seconds,
        quarantine_reason,
        {{ quarantined_raw_record(raw_columns) }} as raw_record
    from classified
)

select * from final
