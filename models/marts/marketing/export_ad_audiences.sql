-- The ad platform file (CSV) for customer-match audiences: one row per
-- audience and set of identifiers of the customers sent an ads audience
-- (fct_audience_recipients, channel ads: treatment, no data-sale opt-out,
-- highest-priority ads audience), identifiers normalised and SHA-256
-- hashed, never in clear:
--   email_sha256         email trimmed and lower-cased (Google Customer
--                        Match and Meta alike);
--   phone_e164_sha256    phone in E.164 with its leading '+', e.g.
--                        '+16505551212' (Google Customer Match);
--   phone_digits_sha256  the same digits without '+', country code kept,
--                        e.g. '16505551212' (Meta custom audiences).
-- Customers with identical identifiers give one row. Written to
-- <var export_path>/ad_audiences.csv on DuckDB targets only; an empty
-- audience writes the header line alone.
{{ config(
    materialized='external',
    enabled=(target.type == 'duckdb'),
    location=export_location('ad_audiences.csv'),
    format='csv',
    csv_read_options={'header': true, 'auto_detect': true},
    pre_hook="{{ ensure_directory(setting('export_path')) }}",
    post_hook="{{ export_header_when_empty() }}",
) }}

with

recipients as (
    select
        audience,
        email,
        phone
    from {{ ref('fct_audience_recipients') }}
    where channel = 'ads'
),

normalised as (
    select
        audience,
        lower(trim(email)) as email,
        phone as phone_e164,
        {{ regexp_replace_all('phone', "'[^0-9]'", "''") }}
            as phone_digits
    from recipients
),

final as (
    select distinct
        audience,
        {{ sha256_hex('email') }} as email_sha256,
        {{ sha256_hex('phone_e164') }} as phone_e164_sha256,
        {{ sha256_hex('phone_digits') }} as phone_digits_sha256
    from normalised
)

select * from final
