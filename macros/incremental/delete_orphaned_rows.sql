{#
    Post-hook of the incremental order models: delete+insert replaces the
    rows of the customers in the batch; this removes the rows whose key is
    no longer upstream (see orphan_condition) and, with `or_where`, more
    rows (e.g. those after the as-of date). `quarantined_keys` is the
    model's ref to int_orders__quarantined_keys. Renders nothing on a full
    build.
#}
{% macro delete_orphaned_rows(
    key_column, relation, quarantined_keys, or_where=none
) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ orphan_condition(key_column, relation, quarantined_keys) }}
        {%- if or_where %} or {{ or_where }}{% endif %}
    {%- endif -%}
{%- endmacro %}
