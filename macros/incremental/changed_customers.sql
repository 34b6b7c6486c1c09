{#
    Customers whose row an incremental per-customer aggregate (unique_key
    customer_id, e.g. int_customers__order_aggregates) recomputes, from its
    upstream `relation` (rows matching `where`): those with a row whose
    `timestamp_column` is in the lookback window before the latest one the
    aggregate holds (`stored_timestamp_column`, see incremental_cutoff), and
    those whose number of upstream rows is no longer the one stored in
    `stored_count_column` (a row left the upstream: it was quarantined since,
    a conflicting copy arrived), customers who have no row left included.
    When var('as_of_date') is set, every customer is recomputed, as in the
    order models. Only meaningful inside an `is_incremental()` branch.
#}
{% macro changed_customers(
    relation,
    timestamp_column,
    stored_timestamp_column,
    stored_count_column,
    where='1 = 1'
) -%}
    select customer_id
    from {{ relation }}
    where ({{ where }})
    {%- if not setting('as_of_date') %}
        and {{ timestamp_column }} >= {{ incremental_cutoff(
            stored_timestamp_column
        ) }}
    union
    select coalesce(counted.customer_id, stored.customer_id) as customer_id
    from (
        select
            customer_id,
            count(*) as row_count
        from {{ relation }}
        where ({{ where }})
        group by customer_id
    ) as counted
    full outer join {{ this }} as stored
        on counted.customer_id = stored.customer_id
    where coalesce(counted.row_count, 0)
        != coalesce(stored.{{ stored_count_column }}, 0)
    {%- else %}
    union
    select customer_id
    from {{ this }}
    {%- endif %}
{%- endmacro %}
