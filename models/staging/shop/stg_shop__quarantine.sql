{{ config(materialized='table') }}

{%- set record_keys = shop_tables() -%}
{#- the tables whose rows belong to a customer -#}
{%- set customer_tables = [
    'customers', 'orders', 'web_sessions', 'survey_responses', 'email_events',
    'consents', 'social_interactions',
] -%}

with

{% for table, record_key in record_keys.items() %}
    {{ table }} as (
        select
            '{{ table }}' as source_table,
            {{ record_key }} as record_key,
            {{ 'customer_id' if table in customer_tables
                else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as customer_id,
            quarantine_reason as reason_code,
            raw_record
        from {{ ref('stg_shop__' ~ table ~ '_checked') }}
        where quarantine_reason is not null
    ),

{% endfor %}
unioned as (
    {% for table in record_keys %}
        select
            source_table,
            record_key,
            customer_id,
            reason_code,
            raw_record
        from {{ table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        {{ dbt.hash(dbt.concat([
            'source_table', "'|'", 'raw_record', "'|'",
            'row_number() over (partition by source_table, raw_record order by reason_code)',
        ])) }} as quarantine_id,
        source_table,
        record_key,
        customer_id,
        reason_code,
        -- superseded versions and exact copies are resolved, not bad data
        reason_code not in (
            'superseded_duplicate', 'exact_duplicate'
        ) as is_data_error,
        raw_record
    from unioned
)

select * from final
