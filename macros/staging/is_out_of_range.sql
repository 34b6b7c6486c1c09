{#
    True when a raw number is beyond range_limit(`limit_name`) (var
    max_amount or max_count), in either direction: its typed `value` is
    above the limit, or its typed_state is 'out_of_range' because the number
    does not even fit the type ('1e30', '99999999999999999'). Rendered on
    one line.
#}
{% macro is_out_of_range(state, value, limit_name) -%}
    {%- set limit = sql_literal(range_limit(limit_name)) -%}
    ({{ state }} = 'out_of_range' or {{ value }} > {{ limit }} or {{ value }} < -{{ limit }})
{%- endmacro %}
