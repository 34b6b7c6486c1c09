{#
    A struct holding the given columns by name. Cheap to carry through a
    query; serialise it with struct_to_json only for the rows that need it.
#}
{% macro record_struct(columns) %}
    {{ return(adapter.dispatch('record_struct', 'segmented_customers')(columns)) }}
{% endmacro %}

{% macro default__record_struct(columns) -%}
    struct_pack(
        {%- for column in columns %}
        {{ column }} := {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{% macro spark__record_struct(columns) -%}
    named_struct(
        {%- for column in columns %}
        '{{ column }}', {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
