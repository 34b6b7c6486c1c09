with

base as (
    select
        customer_id,
        consent_type,
        granted,
        updated_at
    from {{ ref('stg_shop__consents_checked') }}
    where quarantine_reason is null
)

select * from base
