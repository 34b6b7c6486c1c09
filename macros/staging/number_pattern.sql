{# Regular expression of a plain decimal number: sign, digits, point, exponent. #}
{% macro number_pattern() -%}
    {{ return('^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$') }}
{%- endmacro %}
