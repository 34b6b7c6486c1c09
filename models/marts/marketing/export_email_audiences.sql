-- The email platform file (CSV): one row per customer sent an email
-- audience's campaign (fct_audience_members.is_sent: treatment, consent and
-- deliverability checked, highest-priority email audience), with the
-- merge fields of the campaign: email, first name, segment tags, next best
-- category and offer. Written to <var export_path>/email_audiences.csv by
-- dbt-duckdb's external materialisation, so the model exists on DuckDB
-- targets only; an empty audience writes the header line alone.
{{ config(
    materialized='external',
    enabled=(target.type == 'duckdb'),
    location=export_location('email_audiences.csv'),
    format='csv',
    csv_read_options={'header': true, 'auto_detect': true},
    pre_hook="{{ ensure_directory(setting('export_path')) }}",
    post_hook="{{ export_header_when_empty() }}",
) }}

with

members as (
    select
        audience,
        customer_id
    from {{ ref('fct_audience_members') }}
    where
        channel = 'email'
        and is_sent
),

customers as (
    select
        customer_id,
        {% for segmentation in segmentations() %}
            {{ segmentation }}_segment,
        {% endfor %}
        email,
        first_name
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
        members.audience,
        members.customer_id,
        customers.email,
        customers.first_name,
        recommendations.next_best_category,
        recommendations.recommended_offer,
        {% for segmentation in segmentations() %}
            '{{ segmentation }}:' || customers.{{ segmentation }}_segment
            {{- " || ';' ||" if not loop.last }}
        {% endfor %} as segment_tags
    from members
    inner join customers
        on members.customer_id = customers.customer_id
    left join recommendations
        on members.customer_id = recommendations.customer_id
)

select * from final
