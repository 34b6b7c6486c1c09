{#
    Where record_daily_batch keeps the batch windows of the running build:
    a table `daily_batch` in the schema of the raw views.
#}
{% macro daily_batch_relation() %}
    {{ return(api.Relation.create(
        database=target.get('database'),
        schema=target.schema ~ '_raw',
        identifier='daily_batch',
        type='table',
    )) }}
{% endmacro %}
