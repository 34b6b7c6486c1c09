{%- set raw_columns = [
    'customer_id', 'consent_type', 'granted', 'updated_at',
] -%}

with

base as (
    select * from {{ ref('base_shop__consents') }}
),

known_customers as (
    select distinct customer_id
    from {{ ref('stg_shop__customers_checked') }}
    where customer_id is not null
),

consent_types as (
    select
        raw_value,
        normalized_value
    from {{ ref('value_map') }}
    where domain = 'consent_type'
),

normalized as (
    select
        base.*,
        consent_types.normalized_value as consent_type,
        known_customers.customer_id is not null as is_known_customer
    from base
    left join consent_types
        on base.consent_type_raw = consent_types.raw_value
    left join known_customers
        on base.customer_id = known_customers.customer_id
),

checked as (
    select
        *,
        {{ record_hash(['granted']) }} as record_hash,
        case
            when
                customer_id is null or consent_type_raw is null
                then 'missing_key'
            when consent_type is null then 'unknown_value'
            when granted_state = 'missing' or updated_at_state = 'missing'
                then 'missing_required_value'
            when granted is null then 'unparseable_value'
            when updated_at is null then 'unparseable_date'
            when updated_at > {{ future_cutoff() }} then 'future_date'
            when not is_known_customer then 'unknown_customer'
        end as row_reason
    from normalized
),

-- keys shared by rows without a row_reason, and their versions (hashes)
duplicate_keys as (
    select
        customer_id,
        consent_type,
        updated_at,
        count(distinct record_hash) as versions
    from checked
    where row_reason is null
    group by customer_id, consent_type, updated_at
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
            checked.customer_id = duplicate_keys.customer_id
            and checked.consent_type = duplicate_keys.consent_type
            and checked.updated_at = duplicate_keys.updated_at
            and checked.row_reason is null
    where duplicate_keys.versions is null
    union all
    select
        checked.*,
        case
            when duplicate_keys.versions > 1 then 'conflicting_duplicate'
            when row_number() over (
                    partition by
                        checked.customer_id,
                        checked.consent_type,
                        checked.updated_at
                    order by {{ record_to_json(raw_columns, 'checked.raw__') }}
                ) > 1 then 'exact_duplicate'
        end as quarantine_reason
    from checked
    inner join duplicate_keys
        on
            checked.customer_id = duplicate_keys.customer_id
            and checked.consent_type = duplicate_keys.consent_type
            and checked.updated_at = duplicate_keys.updated_at
    where checked.row_reason is null
),

final as (
    select
        customer_id,
        consent_type,
        granted,
        updated_at,
        quarantine_reason,
        {{ quarantined_raw_record(raw_columns) }} as raw_record
    from classified
)

select * from final
