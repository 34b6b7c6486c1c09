{#
    The large incremental tables whose data tests check only the rows of the
    batch on a daily run (docs/performance.md): model name -> the column
    that dates a row and the rows whose latest value sets the lookback
    window, as in the model's own incremental_cutoff. Read by
    record_daily_batch. The tests' `where` config names the same column
    (dbt renders a test's config when it parses the project, where the
    project's macros are not available, so the filter is written out in the
    YAML: coalesce(<column> >= (select batch_cutoff from
    <schema>_raw.daily_batch where model_name = '<model>'), true)).
#}
{% macro daily_batch_tables() %}
    {% set not_future = "coalesce(quarantine_reason, '') != 'future_date'" %}
    {{ return({
        'stg_shop__orders_checked': {'column': 'ordered_at', 'where': not_future},
        'stg_shop__web_sessions_checked': {'column': 'started_at', 'where': not_future},
        'stg_shop__email_events_checked': {'column': 'occurred_at', 'where': not_future},
        'int_orders__enriched': {'column': 'ordered_at'},
        'int_order_items__enriched': {'column': 'ordered_at'},
        'int_customers__order_aggregates': {'column': 'latest_ordered_at'},
        'int_customers__email_aggregates': {'column': 'latest_occurred_at'},
        'int_customers__session_aggregates': {'column': 'last_session_at'},
    }) }}
{% endmacro %}
