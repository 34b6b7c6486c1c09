-- The email platform file (CSV): one row per customer sent an email
-- audience's campaign (fct_audience_recipients, channel email:
-- treatment, consent and deliverability checked, highest-priority email
-- audience), with the merge fields of the campaign: email, first name,
-- segment tags, next best category and offer, best send hour (0-23 in var
-- shop_timezone) and where it comes from. Written to
-- <var export_path>/email_audiences.csv by dbt-duckdb's external
-- materialisation, so the model exists on DuckDB targets only; an empty
-- audience writes the header line alone.
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

recipients as (
    select
        audience,
        customer_id,
        email,
        first_name,
        next_best_category,
        recommended_offer,
        segment_tags,
        best_send_hour,
        best_send_hour_reason
    from {{ ref('fct_audience_recipients') }}
    where channel = 'email'
)

select
    audience,
    customer_id,
    email,
    first_name,
    next_best_category,
    recommended_offer,
    segment_tags,
    best_send_hour,
    best_send_hour_reason
from recipients
