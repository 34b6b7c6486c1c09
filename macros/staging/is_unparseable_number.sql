{#
    True when `text` (cleaned raw text) holds something other than a number,
    so its cast `value` is null. A number too large for its type also casts
    to null, but is out of range (is_out_of_range), not unparseable.
    Rendered on one line.
#}
{% macro is_unparseable_number(text, value) -%}
    ({{ text }} is not null and {{ value }} is null and not {{ regexp_like(text, sql_literal(number_pattern())) | trim }})
{%- endmacro %}
