{#
    Which raw rows an incremental base model reprocesses: every row of each
    key that has a row in the lookback window (see incremental_cutoff) or a
    missing or unparseable timestamp, and every row without a key. Taking
    all rows of a key keeps duplicate detection exact; rows without a key
    are deleted first by the model's pre-hook (delete_missing_keys) and
    re-inserted, so none is counted twice. Rows already quarantined as
    'future_date' do not move the window. Typed raw columns are read as
    typed (typed_value), as the base model reads them.
#}
{% macro raw_batch_filter(relation, key_column, timestamp_column) -%}
    {%- set types = raw_column_types(relation) -%}
    {%- set key = typed_value(key_column, 'text', types) -%}
    {%- set event_time = typed_value(timestamp_column, 'timestamp', types) -%}
    {{ key }} is null
    or {{ key }} in (
        select {{ key }}
        from {{ relation }}
        where {{ event_time }} is null
            or {{ event_time }} >= {{ incremental_cutoff(
                timestamp_column,
                "coalesce(quarantine_reason, '') != 'future_date'",
            ) }}
    )
{%- endmacro %}
