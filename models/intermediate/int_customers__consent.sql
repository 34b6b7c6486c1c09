-- Consent, email suppression and erasure: one row per customer, the single
-- place every mart, audience and export reads them from.
--   consents  the latest record per customer and consent type wins
--             (stg_shop__consents keeps one record per customer, type and
--             time); a customer without a record has not consented, has not
--             opted out of data sale and has not asked to be erased.
--   email     from email events: an unsubscribe counts unless a later
--             email_marketing record grants consent again (re-opt-in); any
--             bounce or spam complaint counts for good.
-- Consent is not time-travelled: records and events after the as-of date
-- count too, so rebuilding a past state never revives a withdrawn consent
-- or an erased customer.
with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

consents as (
    select
        customer_id,
        consent_type,
        granted,
        updated_at
    from {{ ref('stg_shop__consents') }}
),

email_events as (
    select
        customer_id,
        event_type,
        occurred_at
    from {{ ref('stg_shop__email_events') }}
    where event_type in ('unsubscribe', 'bounce', 'complaint')
),

latest_consents as (
    select
        customer_id,
        consent_type,
        granted,
        updated_at
    from (
        select
            customer_id,
            consent_type,
            granted,
            updated_at,
            row_number() over (
                partition by customer_id, consent_type
                order by updated_at desc
            ) as recency_rank
        from consents
    ) as ranked
    where recency_rank = 1
),

consent_states as (
    select
        customer_id,
        max(
            case
                when consent_type = 'email_marketing' and granted then 1
                else 0
            end
        ) = 1 as email_marketing_granted,
        max(
            case when consent_type = 'email_marketing' then updated_at end
        ) as email_marketing_updated_at,
        max(
            case
                when consent_type = 'sms_marketing' and granted then 1
                else 0
            end
        ) = 1 as sms_marketing_granted,
        max(
            case when consent_type = 'sms_marketing' then updated_at end
        ) as sms_marketing_updated_at,
        max(
            case
                when consent_type = 'data_sale_opt_out' and granted then 1
                else 0
            end
        ) = 1 as data_sale_opt_out_granted,
        max(
            case when consent_type = 'data_sale_opt_out' then updated_at end
        ) as data_sale_opt_out_updated_at,
        max(
            case
                when consent_type = 'erasure_request' and granted then 1
                else 0
            end
        ) = 1 as erasure_request_granted,
        max(
            case when consent_type = 'erasure_request' then updated_at end
        ) as erasure_request_updated_at
    from latest_consents
    group by customer_id
),

email_suppressions as (
    select
        customer_id,
        max(
            case when event_type = 'unsubscribe' then occurred_at end
        ) as last_unsubscribed_at,
        max(case when event_type = 'bounce' then 1 else 0 end) = 1
            as has_bounced,
        max(case when event_type = 'complaint' then 1 else 0 end) = 1
            as has_complained
    from email_events
    group by customer_id
),

final as (
    select
        customers.customer_id,
        consent_states.email_marketing_updated_at,
        consent_states.sms_marketing_updated_at,
        consent_states.data_sale_opt_out_updated_at,
        email_suppressions.last_unsubscribed_at,
        coalesce(
            consent_states.email_marketing_granted, false
        ) as has_email_consent,
        coalesce(
            consent_states.sms_marketing_granted, false
        ) as has_sms_consent,
        coalesce(
            consent_states.data_sale_opt_out_granted, false
        ) as has_data_sale_opt_out,
        coalesce(
            consent_states.erasure_request_granted, false
        ) as is_erasure_requested,
        case
            when consent_states.erasure_request_granted
                then consent_states.erasure_request_updated_at
        end as erasure_requested_at,
        coalesce(
            email_suppressions.last_unsubscribed_at
            >= consent_states.email_marketing_updated_at
            or (
                email_suppressions.last_unsubscribed_at is not null
                and consent_states.email_marketing_updated_at is null
            ),
            false
        ) as is_unsubscribed,
        coalesce(email_suppressions.has_bounced, false) as has_bounced,
        coalesce(email_suppressions.has_complained, false) as has_complained
    from customers
    left join consent_states
        on customers.customer_id = consent_states.customer_id
    left join email_suppressions
        on customers.customer_id = email_suppressions.customer_id
)

select * from final
