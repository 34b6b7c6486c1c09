-- Who is sent what, with what the platforms need: one row per channel and
-- customer sent an audience's campaign on it (fct_audience_members.is_sent:
-- treatment, consent and deliverability checked, the highest-priority
-- audience of the channel), with the contact fields and the merge fields
-- (segment tags, recommendation, best send hour).
-- The one place the export files select their recipients from: each export
-- takes its channel's rows and its columns.

with

members as (
    select
        channel,
        audience,
        customer_id,
        as_of_date
    from {{ ref('fct_audience_members') }}
    where is_sent
),

customers as (
    select
        customer_id,
        {% for segmentation in segmentations() %}
            {{ segmentation }}_segment,
        {% endfor %}
        email,
        first_name,
        phone,
        best_send_hour,
        best_send_hour_reason
    from {{ ref('dim_customers') }}
),

recommendations as (
    select
        customer_id,
        next_best_category,
        recommended_offer
    from {{ ref('fct_customer_recommendations') }}
),

final as (
    select
        members.channel,
        members.audience,
        members.customer_id,
        customers.email,
        customers.first_name,
        customers.phone,
        {% for segmentation in segmentations() %}
            '{{ segmentation }}:' || customers.{{ segmentation }}_segment
            {{- " || ';' ||" if not loop.last }}
        {% endfor %} as segment_tags,
        recommendations.next_best_category,
        recommendations.recommended_offer,
        customers.best_send_hour,
        customers.best_send_hour_reason,
        members.as_of_date
    from members
    inner join customers
        on members.customer_id = customers.customer_id
    left join recommendations
        on members.customer_id = recommendations.customer_id
)

select
    channel,
    audience,
    customer_id,
    email,
    first_name,
    phone,
    segment_tags,
    next_best_category,
    recommended_offer,
    best_send_hour,
    best_send_hour_reason,
    as_of_date
from final
