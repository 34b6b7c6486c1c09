{%- set raw_columns = [
    'customer_id', 'consent_type', 'granted', 'updated_at',
] -%}
{%- set types = raw_column_types(source('shop', 'consents')) -%}

with

source as (
    select * from {{ source('shop', 'consents') }}

),

renamed as (
    select
        -- the raw columns as they came, for the record of a quarantined row
        {% for column in raw_columns %}
            {{ column }} as raw__{{ column }},
        {% endfor %}
        {{ typed_value('customer_id', 'text', types) }} as customer_id,
        lower({{ typed_value(
            'consent_type', 'text', types
        ) }}) as consent_type_raw,
        {{ typed_value('granted', 'boolean', types) }} as granted,
        {{ typed_state('granted', 'boolean', types) }} as granted_state,
        {{ typed_value('updated_at', 'timestamp', types) }} as updated_at,
        {{ typed_state('updated_at', 'timestamp', types) }} as updated_at_state
    from source
)

select * from renamed
