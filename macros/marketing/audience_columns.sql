{#
    The dim_customers columns the audiences read: the key and contact status,
    plus each <segmentation>_segment and feature named in an
    include or exclude rule. Sorted, so the compiled SQL is stable.
#}
{% macro audience_columns(audiences) -%}
    {%- set columns = ['customer_id', 'email_status', 'phone_status'] -%}
    {%- for audience in audiences -%}
        {%- for rules in [audience.include, audience.exclude] -%}
            {%- for segmentation in rules.segments -%}
                {%- do columns.append(segmentation ~ '_segment') -%}
            {%- endfor -%}
            {%- for condition in rules.conditions -%}
                {%- do columns.append(condition.feature) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(columns | unique | sort) }}
{%- endmacro %}
