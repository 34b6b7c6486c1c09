{#
    Labels a number by integer bands with lower `edges` (ascending):
    edges [25, 35] -> 'under_25', '25-34', '35+'; null -> 'unknown'.
    Users change bands through the vars holding the edges.
#}
{% macro band(expression, edges) -%}
    case
        when {{ expression }} is null then 'unknown'
        {%- for edge in edges | reverse %}
        {%- set upper = (edges | reverse | list)[loop.index0 - 1] if not loop.first else none %}
        when {{ expression }} >= {{ sql_literal(edge) }}
            then {{ sql_literal(edge ~ ("-" ~ (upper - 1) if upper is not none else "+")) }}
        {%- endfor %}
        else {{ sql_literal('under_' ~ edges[0]) }}
    end
{%- endmacro %}
