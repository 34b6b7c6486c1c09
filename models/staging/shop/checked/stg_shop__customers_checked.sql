{%- set raw_columns = [
    'customer_id', 'email', 'phone', 'first_name', 'last_name', 'birth_date',
    'gender', 'annual_income', 'education', 'occupation', 'marital_status',
    'household_size', 'country', 'region', 'city', 'postal_code', 'signup_at',
    'acquisition_channel', 'updated_at',
] -%}

with

base as (
    select * from {{ ref('base_shop__customers') }}
),

countries as (
    select
        country_code,
        calling_code,
        trunk_prefix
    from {{ ref('countries') }}
),

country_aliases as (
    select
        alias,
        country_code
    from {{ ref('country_aliases') }}
),

genders as (
    select
        raw_value,
        normalized_value
    from {{ ref('value_map') }}
    where domain = 'gender'
),

with_country as (
    select
        base.*,
        coalesce(
            by_code.country_code, country_aliases.country_code
        ) as country_code,
        coalesce(genders.normalized_value, 'unknown') as gender
    from base
    left join countries as by_code
        on upper(base.country_raw) = by_code.country_code
    left join country_aliases
        on lower(base.country_raw) = country_aliases.alias
    left join genders
        on base.gender_raw = genders.raw_value
),

normalized as (
    select
        with_country.*,
        {{ normalize_phone(
            'with_country.phone_raw', 'countries.calling_code', 'countries.trunk_prefix'
        ) }} as phone_candidate
    from with_country
    left join countries
        on with_country.country_code = countries.country_code
),

-- A field that cannot be used does not spoil a customer: it becomes null,
-- and its reason is kept in <column>_issue (int_data_quality__field_issues
-- counts them).
field_checked as (
    select
        *,
        -- versions of a key: only keys with several need the tie-break
        count(*) over (partition by customer_id) as key_rows,
        case
            when birth_date_state = 'unparseable' then 'unparseable_date'
        end as birth_date_issue,
        case
            when {{ is_unparseable_number('annual_income_state') }}
                then 'unparseable_amount'
            when annual_income_value < 0 then 'negative_amount'
            when {{ is_out_of_range(
                    'annual_income_state', 'annual_income_value', 'max_amount'
                ) }}
                then 'out_of_range_amount'
        end as annual_income_issue,
        case
            when {{ is_unparseable_number('household_size_state') }}
                then 'unparseable_amount'
            when household_size_value < 0 then 'negative_amount'
            when {{ is_out_of_range(
                    'household_size_state', 'household_size_value', 'max_count'
                ) }}
                then 'out_of_range_count'
        end as household_size_issue,
        case
            when signup_at_state = 'unparseable' then 'unparseable_date'
        end as signup_at_issue,
        case
            when updated_at_state = 'unparseable' then 'unparseable_date'
        end as updated_at_issue
    from normalized
),

ranked as (
    select
        *,
        -- the latest updated_at wins; ties broken by the record's content,
        -- serialised only for keys with several versions
        row_number() over (
            partition by customer_id
            order by
                updated_at desc nulls last,
                case
                    when key_rows > 1
                        then {{ record_to_json(raw_columns, 'raw__') }}
                end desc
        ) as version_rank
    from field_checked
),

final as (
    select
        customer_id,
        case
            when {{ is_valid_email('email_normalized') }} then email_normalized
        end as email,
        case
            when email_normalized is null then 'missing'
            when {{ is_valid_email('email_normalized') }} then 'valid'
            else 'invalid'
        end as email_status,
        case
            when {{ is_valid_e164('phone_candidate') }} then phone_candidate
        end as phone,
        case
            when phone_raw is null then 'missing'
            when {{ is_valid_e164('phone_candidate') }} then 'valid'
            else 'invalid'
        end as phone_status,
        first_name,
        last_name,
        birth_date,
        gender,
        case
            when annual_income_issue is null then annual_income_value
        end as annual_income,
        education,
        occupation,
        marital_status,
        case
            when household_size_issue is null then household_size_value
        end as household_size,
        country_code,
        case
            when country_raw is null then 'missing'
            when country_code is not null then 'valid'
            else 'unrecognized'
        end as country_status,
        region,
        city,
        postal_code,
        signup_at,
        acquisition_channel,
        updated_at,
        birth_date_issue,
        annual_income_issue,
        household_size_issue,
        signup_at_issue,
        updated_at_issue,
        case
            when customer_id is null or version_rank > 1
                then {{ record_to_json(raw_columns, 'raw__') }}
        end as raw_record,
        case
            when customer_id is null then 'missing_key'
            when version_rank > 1 then 'superseded_duplicate'
        end as quarantine_reason
    from ranked
)

select * from final
