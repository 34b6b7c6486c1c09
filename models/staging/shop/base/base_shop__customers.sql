{%- set raw_columns = [
    'customer_id', 'email', 'phone', 'first_name', 'last_name', 'birth_date',
    'gender', 'annual_income', 'education', 'occupation', 'marital_status',
    'household_size', 'country', 'region', 'city', 'postal_code', 'signup_at',
    'acquisition_channel', 'updated_at',
] -%}
{%- set types = raw_column_types(source('shop', 'customers')) -%}

with

source as (
    select * from {{ source('shop', 'customers') }}

),

renamed as (
    select
        -- the raw columns as they came, for the record of a quarantined row
        {% for column in raw_columns %}
            {{ column }} as raw__{{ column }},
        {% endfor %}
        {{ typed_value('customer_id', 'text', types) }} as customer_id,
        lower({{ typed_value('email', 'text', types) }}) as email_normalized,
        {{ typed_value('phone', 'text', types) }} as phone_raw,
        {{ typed_value('first_name', 'text', types) }} as first_name,
        {{ typed_value('last_name', 'text', types) }} as last_name,
        {{ typed_value('birth_date', 'date', types) }} as birth_date,
        {{ typed_state('birth_date', 'date', types) }} as birth_date_state,
        lower({{ typed_value('gender', 'text', types) }}) as gender_raw,
        {{ typed_value(
            'annual_income', 'number', types
        ) }} as annual_income_value,
        {{ typed_state(
            'annual_income', 'number', types
        ) }} as annual_income_state,
        lower({{ typed_value('education', 'text', types) }}) as education,
        lower({{ typed_value('occupation', 'text', types) }}) as occupation,
        lower({{ typed_value(
            'marital_status', 'text', types
        ) }}) as marital_status,
        {{ typed_value(
            'household_size', 'integer', types
        ) }} as household_size_value,
        {{ typed_state(
            'household_size', 'integer', types
        ) }} as household_size_state,
        {{ typed_value('country', 'text', types) }} as country_raw,
        {{ typed_value('region', 'text', types) }} as region,
        {{ typed_value('city', 'text', types) }} as city,
        {{ typed_value('postal_code', 'text', types) }} as postal_code,
        {{ typed_value('signup_at', 'timestamp', types) }} as signup_at,
        {{ typed_state('signup_at', 'timestamp', types) }} as signup_at_state,
        lower({{ typed_value(
            'acquisition_channel', 'text', types
        ) }}) as acquisition_channel,
        {{ typed_value('updated_at', 'timestamp', types) }} as updated_at,
        {{ typed_state('updated_at', 'timestamp', types) }} as updated_at_state
    from source
)

select * from renamed
