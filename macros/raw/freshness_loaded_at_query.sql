{#
    Source freshness measured against the as-of date instead of the wall
    clock, so demo or historical data never looks stale: the lag between the
    as-of date and the latest `column` value is reported as if the as-of date
    were now. The as-of date is var('as_of_date'), else the latest parseable,
    non-future order date in the raw orders (as in macro as_of_date).
    Rendered by dbt at run time with `this` = the source relation.
#}
{% macro freshness_loaded_at_query(relation, column) -%}
    {%- set orders = api.Relation.create(
        database=relation.database, schema=relation.schema, identifier='orders'
    ) -%}
    {%- set loaded_at = typed_value(column, 'timestamp', raw_column_types(relation)) -%}
    {%- set ordered_at = typed_value('ordered_at', 'timestamp', raw_column_types(orders)) -%}
    {%- if setting('as_of_date') -%}
        {%- set as_of -%}
            {{ date_literal(setting('as_of_date'), api.Column.translate_type('timestamp')) }}
        {%- endset -%}
    {%- else -%}
        {%- set as_of -%}
            (select max({{ ordered_at }}) from {{ orders }}
            where {{ ordered_at }} <= {{ future_cutoff() }})
        {%- endset -%}
    {%- endif -%}
    {#- an empty table (an absent optional one) is not stale: report now -#}
    select coalesce({{ dbt.dateadd(
        'second',
        dbt.datediff(as_of, 'max(' ~ loaded_at ~ ')', 'second'),
        dbt.current_timestamp(),
    ) }}, {{ dbt.current_timestamp() }})
    from {{ relation }}
    where {{ loaded_at }} <= {{ future_cutoff() }}
{%- endmacro %}
