{%- set raw_columns = [
    'customer_id', 'email', 'phone', 'first_name', 'last_name', 'birth_date',
    'gender', 'annual_income', 'education', 'occupation', 'marital_status',
    'household_size', 'country', 'region', 'city', 'postal_code', 'signup_at',
    'acquisition_channel', 'updated_at',
] -%}

with

source as (
    select * from {{ source('shop', 'customers') }}
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

renamed as (
    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ normalize_email('email') }} as email_normalized,
        {{ clean_text('phone') }} as phone_raw,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        {{ clean_text('birth_date') }} as birth_date_text,
        {{ safe_date('birth_date') }} as birth_date,
        lower({{ clean_text('gender') }}) as gender_raw,
        {{ clean_text('annual_income') }} as annual_income_text,
        {{ safe_numeric('annual_income') }} as annual_income_value,
        lower({{ clean_text('education') }}) as education,
        lower({{ clean_text('occupation') }}) as occupation,
        lower({{ clean_text('marital_status') }}) as marital_status,
        {{ clean_text('household_size') }} as household_size_text,
        {{ safe_integer('household_size') }} as household_size_value,
        {{ clean_text('country') }} as country_raw,
        {{ clean_text('region') }} as region,
        {{ clean_text('city') }} as city,
        {{ clean_text('postal_code') }} as postal_code,
        {{ clean_text('signup_at') }} as signup_at_text,
        {{ safe_timestamp('signup_at') }} as signup_at,
        lower({{ clean_text('acquisition_channel') }}) as acquisition_channel,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ safe_timestamp('updated_at') }} as updated_at,
        {{ record_to_json(raw_columns) }} as raw_record
    from source
),

with_country as (
    select
        renamed.*,
        coalesce(
            by_code.country_code, country_aliases.country_code
        ) as country_code,
        coalesce(genders.normalized_value, 'unknown') as gender
    from renamed
    left join countries as by_code
        on upper(renamed.country_raw) = by_code.country_code
    left join country_aliases
        on lower(renamed.country_raw) = country_aliases.alias
    left join genders
        on renamed.gender_raw = genders.raw_value
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
        case
            when birth_date_text is not null and birth_date is null
                then 'unparseable_date'
        end as birth_date_issue,
        case
            when {{ is_unparseable_number(
                    'annual_income_text', 'annual_income_value'
                ) }}
                then 'unparseable_amount'
            when annual_income_value < 0 then 'negative_amount'
            when {{ is_out_of_range(
                    'annual_income_text', 'annual_income_value', 'max_amount'
                ) }}
                then 'out_of_range_amount'
        end as annual_income_issue,
        case
            when {{ is_unparseable_number(
                    'household_size_text', 'household_size_value'
                ) }}
                then 'unparseable_amount'
            when household_size_value < 0 then 'negative_amount'
            when {{ is_out_of_range(
                    'household_size_text', 'household_size_value', 'max_count'
                ) }}
                then 'out_of_range_count'
        end as household_size_issue,
        case
            when signup_at_text is not null and signup_at is null
                then 'unparseable_date'
        end as signup_at_issue,
        case
            when updated_at_text is not null and updated_at is null
                then 'unparseable_date'
        end as updated_at_issue
    from normalized
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
        raw_record,
        case
            when customer_id is null then 'missing_key'
            -- the latest updated_at wins; ties broken by the record's content
            when row_number() over (
                    partition by customer_id
                    order by updated_at desc nulls last, raw_record desc
                ) > 1 then 'superseded_duplicate'
        end as quarantine_reason
    from field_checked
)

select * from final
