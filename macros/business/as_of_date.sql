{#
    The single notion of "today" (a date): var('as_of_date') when given
    (`dbt build --vars '{as_of_date: 2026-01-31}'`), else the date of the
    latest valid order (model int_as_of_date), so a build on the same data
    always gives the same result. Every recency, tenure and lifecycle rule
    uses it.
#}
{% macro as_of_date() -%}
    {#- setting() checks the form: an ISO date or null, never SQL -#}
    {%- set given = setting('as_of_date') -%}
    {%- if given -%}
        {{ date_literal(given) }}
    {%- else -%}
        (select as_of_date from {{ ref('int_as_of_date') }})
    {%- endif -%}
{%- endmacro %}
