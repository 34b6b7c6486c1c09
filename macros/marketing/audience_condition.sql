{#
    One feature condition of an audience ({feature, op, value}) as SQL on
    the column of the given relation, e.g. customers.completed_revenue >= 100.
    With relation none it reads as a reason: completed_revenue >= 100.
#}
{% macro audience_condition(condition, relation=none) -%}
    {%- set column = (relation ~ '.' if relation else '') ~ condition.feature -%}
    {%- if condition.op in ['is null', 'is not null'] -%}
        {{ column }} {{ condition.op }}
    {%- else -%}
        {{ column }} {{ condition.op }} {{ sql_literal(condition.value) }}
    {%- endif -%}
{%- endmacro %}
