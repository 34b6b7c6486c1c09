{#
    Which raw rows an incremental base model reprocesses: every row of each
    key that has a row in the lookback window (see incremental_cutoff) or a
    missing or unparseable timestamp, and every row without a key. Taking
    all rows of a key keeps duplicate detection exact; rows without a key
    are deleted first by the model's pre-hook (delete_missing_keys) and
    re-inserted, so none is counted twice. Rows already quarantined as
    'future_date' do not move the window.
#}
{% macro raw_batch_filter(relation, key_column, timestamp_column) -%}
    {%- set key = clean_text(key_column) -%}
    {%- set event_time = safe_timestamp(timestamp_column) -%}
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
