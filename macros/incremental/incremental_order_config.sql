{#
    The configuration the models that grow by customer share: the
    incremental order models (int_orders__enriched, int_order_items__enriched)
    and the per-customer aggregates (int_customers__*_aggregates), as a
    mapping for `config(**incremental_order_config())`:
    delete+insert by customer (each run replaces every row of the customers
    in the batch, so per-customer sequences stay exact; see
    incremental_customers), failing on a schema change, as a table on Spark
    (incremental_materialization). Each model adds its own post_hook
    (delete_orphaned_rows, delete_customers_without_rows), which names its
    refs.
#}
{% macro incremental_order_config() -%}
    {{ return({
        'materialized': incremental_materialization(),
        'incremental_strategy': 'delete+insert',
        'unique_key': 'customer_id',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}
