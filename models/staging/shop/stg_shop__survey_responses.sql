with

base as (
    select
        response_id,
        customer_id,
        answered_at,
        question,
        answer
    from {{ ref('base_shop__survey_responses') }}
    where quarantine_reason is null
)

select * from base
