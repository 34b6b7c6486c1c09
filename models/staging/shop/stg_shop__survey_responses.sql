with

base as (
    select
        response_id,
        customer_id,
        answered_at,
        question,
        answer
    from {{ ref('stg_shop__survey_responses_checked') }}
    where quarantine_reason is null
)

select * from base
