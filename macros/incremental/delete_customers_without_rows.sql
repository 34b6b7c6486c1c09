{#
    Post-hook of the incremental per-customer aggregates: delete+insert
    replaces the rows of the customers the batch computed a row for; this
    removes the rows of customers left with no row in the upstream
    `relation` (rows matching `where`), e.g. whose only order was
    quarantined since, or after the as-of date when var as_of_date is set.
    Renders nothing on a full build.
#}
{% macro delete_customers_without_rows(relation, where='1 = 1') -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where customer_id not in (
            select customer_id
            from {{ relation }}
            where ({{ where }}) and customer_id is not null
        )
    {%- endif -%}
{%- endmacro %}
