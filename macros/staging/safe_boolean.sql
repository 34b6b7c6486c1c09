{% macro safe_boolean(column) -%}
    case
        when lower({{ clean_text(column) }}) in ('true', 't', 'yes', 'y', '1') then true
        when lower({{ clean_text(column) }}) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}
