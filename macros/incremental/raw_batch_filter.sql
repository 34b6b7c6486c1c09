{#
    Which raw rows an incremental checked model reprocesses: every row of
    each key that has a row in the lookback window (see incremental_cutoff)
    or a missing or unparseable timestamp, and every row without a key.
    Taking all rows of a key keeps duplicate detection exact; rows without a
    key are deleted first by the model's pre-hook (delete_missing_keys) and
    re-inserted, so none is counted twice. Rows already quarantined as
    'future_date' do not move the window. Reads the table's base model,
    whose key and timestamp are already typed.
#}
{% macro raw_batch_filter(relation, key_column, timestamp_column) -%}
    {{ key_column }} is null
    or {{ key_column }} in (
        select {{ key_column }}
        from {{ relation }}
        where {{ timestamp_column }} is null
            or {{ timestamp_column }} >= {{ incremental_cutoff(
                timestamp_column,
                "coalesce(quarantine_reason, '') != 'future_date'",
            ) }}
    )
{%- endmacro %}
