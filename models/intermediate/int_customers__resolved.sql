-- One row per customer: the latest version of the customer record (staging
-- resolves duplicate customer_ids) with profile and contact fields. Contact
-- fields are personal data (PII) and are flagged in the YAML.
with

customers as (
    select
        customer_id,
        first_name,
        last_name,
        email,
        email_status,
        phone,
        phone_status,
        signup_at,
        acquisition_channel,
        updated_at
    from {{ ref('stg_shop__customers') }}
),

final as (
    select
        customer_id,
        first_name,
        last_name,
        email,
        email_status,
        phone,
        phone_status,
        signup_at,
        updated_at,
        coalesce(acquisition_channel, 'unknown') as acquisition_channel
    from customers
)

select * from final
