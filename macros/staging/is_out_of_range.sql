{#
    True when `text` is a number beyond range_limit(`limit_name`) (var
    max_amount or max_count), in either direction: its cast `value` is above
    the limit, or null because the number does not even fit the type
    ('1e30', '99999999999999999'). Rendered on one line.
#}
{% macro is_out_of_range(text, value, limit_name) -%}
    {%- set limit = sql_literal(range_limit(limit_name)) -%}
    (({{ value }} is null and {{ regexp_like(text, sql_literal(number_pattern())) | trim }}) or {{ value }} > {{ limit }} or {{ value }} < -{{ limit }})
{%- endmacro %}
