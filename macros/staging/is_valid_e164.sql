{% macro is_valid_e164(phone) -%}
    coalesce({{ regexp_like(phone, "'^[+][1-9][0-9]{7,14}$'") }}, false)
{%- endmacro %}
