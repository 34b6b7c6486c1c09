with

base as (
    select
        customer_id,
        email,
        email_status,
        phone,
        phone_status,
        first_name,
        last_name,
        birth_date,
        gender,
        annual_income,
        education,
        occupation,
        marital_status,
        household_size,
        country_code,
        country_status,
        region,
        city,
        postal_code,
        signup_at,
        acquisition_channel,
        updated_at
    from {{ ref('stg_shop__customers_checked') }}
    where quarantine_reason is null
)

select * from base
