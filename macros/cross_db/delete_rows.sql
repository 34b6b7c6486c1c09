{#
    Deletes the rows of `relation` for which `condition` (SQL on its columns)
    is true; for hooks. Renders `delete from ... where ...`. Spark's parquet
    tables have no DELETE: there the table is rewritten without those rows
    (through a work table, since Spark cannot overwrite a table it reads),
    run while the hook renders, and the hook renders no SQL.
#}
{% macro delete_rows(relation, condition) %}
    {{ return(adapter.dispatch('delete_rows', 'segmented_customers')(relation, condition)) }}
{% endmacro %}

{% macro default__delete_rows(relation, condition) -%}
    delete from {{ relation }} where {{ condition }}
{%- endmacro %}

{% macro spark__delete_rows(relation, condition) -%}
    {%- if execute -%}
        {%- set work = relation.incorporate(
            path={'identifier': relation.identifier ~ '__dbt_delete'}
        ) -%}
        {%- do run_query('drop table if exists ' ~ work) -%}
        {%- do run_query(
            'create table ' ~ work ~ ' as select * from ' ~ relation
            ~ ' where not coalesce((' ~ condition ~ '), false)'
        ) -%}
        {%- do run_query('insert overwrite table ' ~ relation ~ ' select * from ' ~ work) -%}
        {%- do run_query('drop table ' ~ work) -%}
    {%- endif -%}
{%- endmacro %}
