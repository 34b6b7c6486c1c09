with

base as (
    select
        customer_id,
        consent_type,
        granted,
        updated_at
    from {{ ref('base_shop__consents') }}
    where quarantine_reason is null
)

select * from base
