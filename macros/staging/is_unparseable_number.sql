{#
    True when a raw number is present but no number: its typed_state is
    'unparseable'. A number too large for its type is out of range
    (is_out_of_range), not unparseable. Rendered on one line.
#}
{% macro is_unparseable_number(state) -%}
    ({{ state }} = 'unparseable')
{%- endmacro %}
