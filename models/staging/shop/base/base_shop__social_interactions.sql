{%- set raw_columns = [
    'interaction_id', 'customer_id', 'platform', 'interaction_type',
    'occurred_at', 'sentiment',
] -%}
{%- set types = raw_column_types(source('shop', 'social_interactions')) -%}

with

source as (
    select * from {{ source('shop', 'social_interactions') }}
),

renamed as (
    select
        -- the raw columns as they came, for the record of a quarantined row
        {% for column in raw_columns %}
            {{ column }} as raw__{{ column }},
        {% endfor %}
        {{ typed_value('interaction_id', 'text', types) }} as interaction_id,
        {{ typed_value('customer_id', 'text', types) }} as customer_id,
        lower({{ typed_value('platform', 'text', types) }}) as platform_raw,
        lower({{ typed_value(
            'interaction_type', 'text', types
        ) }}) as interaction_type_raw,
        {{ typed_value('occurred_at', 'timestamp', types) }} as occurred_at,
        {{ typed_state(
            'occurred_at', 'timestamp', types
        ) }} as occurred_at_state,
        {{ typed_value('sentiment', 'number', types) }} as sentiment_value,
        {{ typed_state('sentiment', 'number', types) }} as sentiment_state
    from source
)

select * from renamed
