{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='interaction_id',
    on_schema_change='fail',
    pre_hook="{{ delete_missing_keys('interaction_id') }}",
) }}

{%- set raw_columns = [
    'interaction_id', 'customer_id', 'platform', 'interaction_type',
    'occurred_at', 'sentiment',
] -%}

with

base as (
    select * from {{ ref('base_shop__social_interactions') }}
    {% if is_incremental() %}
        -- keys with a row in the lookback window, and rows without a key
        where {{ raw_batch_filter(
            ref('base_shop__social_interactions'), 'interaction_id', 'occurred_at'
        ) }}
    {% endif %}
),

known_customers as (
    select distinct customer_id
    from {{ ref('stg_shop__customers_checked') }}
    where customer_id is not null
),

platforms as (
    select
        raw_value,
        normalized_value
    from {{ ref('value_map') }}
    where domain = 'social_platform'
),

interaction_types as (
    select
        raw_value,
        normalized_value
    from {{ ref('value_map') }}
    where domain = 'social_interaction_type'
),

normalized as (
    select
        base.*,
        -- platforms are free text: unmapped ones are 'other', none 'unknown'
        case
            when base.platform_raw is null then 'unknown'
            else coalesce(platforms.normalized_value, 'other')
        end as platform,
        interaction_types.normalized_value as interaction_type,
        known_customers.customer_id is not null as is_known_customer,
        -- sentiment is optional: a value that cannot be used becomes null,
        -- its reason is kept (stg_shop__field_issues)
        case
            when {{ is_unparseable_number('base.sentiment_state') }}
                then 'unparseable_amount'
            when base.sentiment_state = 'out_of_range'
                or base.sentiment_value < -1
                or base.sentiment_value > 1
                then 'out_of_range_amount'
        end as sentiment_issue
    from base
    left join platforms
        on base.platform_raw = platforms.raw_value
    left join interaction_types
        on base.interaction_type_raw = interaction_types.raw_value
    left join known_customers
        on base.customer_id = known_customers.customer_id
),

checked as (
    select
        *,
        {{ record_hash([
            'customer_id', 'platform', 'interaction_type', 'occurred_at',
            'sentiment_value',
        ]) }} as record_hash,
        case
            when interaction_id is null then 'missing_key'
            when customer_id is null
                or interaction_type_raw is null
                or occurred_at_state = 'missing'
                then 'missing_required_value'
            when interaction_type is null then 'unknown_value'
            when occurred_at is null then 'unparseable_date'
            when occurred_at > {{ future_cutoff() }} then 'future_date'
            when not is_known_customer then 'unknown_customer'
        end as row_reason
    from normalized
),

-- keys shared by rows without a row_reason, and their versions (hashes)
duplicate_keys as (
    select
        interaction_id,
        count(distinct record_hash) as versions
    from checked
    where row_reason is null
    group by interaction_id
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
            checked.interaction_id = duplicate_keys.interaction_id
            and checked.row_reason is null
    where duplicate_keys.versions is null
    union all
    select
        checked.*,
        case
            when duplicate_keys.versions > 1 then 'conflicting_duplicate'
            when row_number() over (
                    partition by checked.interaction_id
                    order by {{ record_to_json(raw_columns, 'checked.raw__') }}
                ) > 1 then 'exact_duplicate'
        end as quarantine_reason
    from checked
    inner join duplicate_keys
        on checked.interaction_id = duplicate_keys.interaction_id
    where checked.row_reason is null
),

final as (
    select
        interaction_id,
        customer_id,
        platform,
        interaction_type,
        occurred_at,
        case
            when sentiment_issue is null then sentiment_value
        end as sentiment,
        sentiment_issue,
        quarantine_reason,
        {{ quarantined_raw_record(raw_columns) }} as raw_record
    from classified
)

select * from final
