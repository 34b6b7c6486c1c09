-- fct_audience_recipients holds exactly the members sent a campaign
-- (fct_audience_members.is_sent), each on their audience's channel: returns
-- every sent member without a recipient row and every recipient row without
-- a sent member (or on another audience or channel).
with

sent as (
    select
        channel,
        audience,
        customer_id
    from {{ ref('fct_audience_members') }}
    where is_sent
),

recipients as (
    select
        channel,
        audience,
        customer_id
    from {{ ref('fct_audience_recipients') }}
)

select
    coalesce(sent.channel, recipients.channel) as channel,
    coalesce(sent.audience, recipients.audience) as audience,
    coalesce(sent.customer_id, recipients.customer_id) as customer_id,
    case
        when recipients.customer_id is null
            then 'sent member without a recipient row'
        else 'recipient row without a sent member'
    end as problem
from sent
full outer join recipients
    on
        sent.channel = recipients.channel
        and sent.audience = recipients.audience
        and sent.customer_id = recipients.customer_id
where sent.customer_id is null or recipients.customer_id is null
