{#
    A date (text 'YYYY-MM-DD' or a date) as a typed SQL literal through
    sql_literal: cast('2026-01-31' as date). data_type is the SQL type to
    cast to, e.g. api.Column.translate_type('timestamp').
#}
{% macro date_literal(value, data_type='date') -%}
    cast({{ sql_literal(value) }} as {{ data_type }})
{%- endmacro %}
