{#
    Post-hook of the incremental order models: delete+insert replaces the
    rows of the customers in the batch; this removes the rows whose key is
    no longer in `relation` (the model's upstream), e.g. an order whose
    every raw row is now quarantined because a conflicting copy arrived.
    `or_where` deletes more rows (e.g. those after the as-of date). Renders
    nothing on a full build.
#}
{% macro delete_orphaned_rows(key_column, relation, or_where=none) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ key_column }} not in (
            select {{ key_column }} from {{ relation }}
        )
        {%- if or_where %} or {{ or_where }}{% endif %}
    {%- endif -%}
{%- endmacro %}
