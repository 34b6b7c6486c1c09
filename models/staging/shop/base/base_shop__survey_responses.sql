{%- set raw_columns = [
    'response_id', 'customer_id', 'answered_at', 'question', 'answer',
] -%}
{%- set types = raw_column_types(source('shop', 'survey_responses')) -%}

with

source as (
    select * from {{ source('shop', 'survey_responses') }}

),

renamed as (
    select
        -- the raw columns as they came, for the record of a quarantined row
        {% for column in raw_columns %}
            {{ column }} as raw__{{ column }},
        {% endfor %}
        {{ typed_value('response_id', 'text', types) }} as response_id,
        {{ typed_value('customer_id', 'text', types) }} as customer_id,
        {{ typed_value('answered_at', 'timestamp', types) }} as answered_at,
        {{ typed_state(
            'answered_at', 'timestamp', types
        ) }} as answered_at_state,
        lower({{ typed_value('question', 'text', types) }}) as question,
        lower({{ typed_value('answer', 'text', types) }}) as answer
    from source
)

select * from renamed
