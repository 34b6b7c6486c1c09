{%- set fields = field_checked_columns() -%}
{%- set record_keys = shop_tables() -%}

with

{% for table, columns in fields.items() %}
    {{ table }} as (
        select
            {% for column in columns %}
                {{ column }}_issue,
            {% endfor %}
            {{ record_keys[table] }} as record_key
        from {{ ref('stg_shop__' ~ table ~ '_checked') }}
        -- quarantined rows are kept whole in stg_shop__quarantine
        where quarantine_reason is null
    ),

{% endfor %}
unioned as (
    {% for table, columns in fields.items() %}
        {% for column in columns %}
            select
                '{{ table }}' as source_table,
                record_key,
                '{{ column }}' as column_name,
                {{ column }}_issue as reason_code
            from {{ table }}
            where {{ column }}_issue is not null
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        source_table,
        record_key,
        column_name,
        reason_code
    from unioned
)

select * from final
