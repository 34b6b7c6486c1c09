{#
    Condition on an incremental order model's rows (this) whose key is no
    longer in `relation`, its upstream: e.g. an order whose every raw row is
    now quarantined because a conflicting copy arrived. Only keys with a
    quarantined raw row (int_orders__quarantined_keys) can have left the
    upstream, so only they are compared, not every row. The model passes
    that relation in as `quarantined_keys` (a ref written in the model, so
    the dependency is in the DAG).
#}
{% macro orphan_condition(key_column, relation, quarantined_keys) -%}
    {%- set quarantined -%}
        select record_key from {{ quarantined_keys }}
    {%- endset -%}
    {%- set candidate -%}
        (
            order_id in ({{ quarantined }} where source_table = 'orders')
            {%- if key_column == 'order_item_id' %}
                or order_item_id in (
                    {{ quarantined }} where source_table = 'order_items'
                )
            {%- endif %}
        )
    {%- endset -%}
    (
        {{ candidate }}
        and {{ key_column }} not in (
            select {{ key_column }} from {{ relation }}
            where {{ candidate }}
        )
    )
{%- endmacro %}
