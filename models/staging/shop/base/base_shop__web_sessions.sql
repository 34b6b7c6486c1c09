{%- set raw_columns = [
    'session_id', 'customer_id', 'started_at', 'device_type', 'os', 'browser',
    'traffic_source', 'pageviews', 'duration_seconds',
] -%}
{%- set types = raw_column_types(source('shop', 'web_sessions')) -%}

with

source as (
    select * from {{ source('shop', 'web_sessions') }}
),

renamed as (
    select
        -- the raw columns as they came, for the record of a quarantined row
        {% for column in raw_columns %}
            {{ column }} as raw__{{ column }},
        {% endfor %}
        {{ typed_value('session_id', 'text', types) }} as session_id,
        {{ typed_value('customer_id', 'text', types) }} as customer_id,
        {{ typed_value('started_at', 'timestamp', types) }} as started_at,
        {{ typed_state('started_at', 'timestamp', types) }} as started_at_state,
        lower({{ typed_value(
            'device_type', 'text', types
        ) }}) as device_type_raw,
        lower({{ typed_value('os', 'text', types) }}) as os,
        lower({{ typed_value('browser', 'text', types) }}) as browser,
        lower({{ typed_value(
            'traffic_source', 'text', types
        ) }}) as traffic_source,
        {{ typed_value('pageviews', 'integer', types) }} as pageviews,
        {{ typed_state('pageviews', 'integer', types) }} as pageviews_state,
        {{ typed_value(
            'duration_seconds', 'integer', types
        ) }} as duration_seconds,
        {{ typed_state(
            'duration_seconds', 'integer', types
        ) }} as duration_seconds_state
    from source
)

select * from renamed
