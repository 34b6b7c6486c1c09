{%- set raw_columns = [
    'event_id', 'customer_id', 'campaign_id', 'event_type', 'occurred_at',
] -%}
{%- set types = raw_column_types(source('shop', 'email_events')) -%}

with

source as (
    select * from {{ source('shop', 'email_events') }}
),

renamed as (
    select
        -- the raw columns as they came, for the record of a quarantined row
        {% for column in raw_columns %}
            {{ column }} as raw__{{ column }},
        {% endfor %}
        {{ typed_value('event_id', 'text', types) }} as event_id,
        {{ typed_value('customer_id', 'text', types) }} as customer_id,
        {{ typed_value('campaign_id', 'text', types) }} as campaign_id,
        lower({{ typed_value('event_type', 'text', types) }}) as event_type_raw,
        {{ typed_value('occurred_at', 'timestamp', types) }} as occurred_at,
        {{ typed_state(
            'occurred_at', 'timestamp', types
        ) }} as occurred_at_state
    from source
)

select * from renamed
