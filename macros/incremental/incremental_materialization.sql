{#
    Materialisation of the models that grow by delete+insert: 'incremental'
    where tables can delete rows, 'table' on Spark. Spark's plain parquet
    tables have no DELETE, and dbt-spark offers delete+insert and merge only
    on Delta, Iceberg and Hudi tables (append or a partition overwrite would
    keep stale rows): there these models are rebuilt whole on every run,
    which gives the same rows at a higher cost.
#}
{% macro incremental_materialization() %}
    {{ return(adapter.dispatch('incremental_materialization', 'segmented_customers')()) }}
{% endmacro %}

{% macro default__incremental_materialization() %}
    {{ return('incremental') }}
{% endmacro %}

{% macro spark__incremental_materialization() %}
    {{ return('table') }}
{% endmacro %}
