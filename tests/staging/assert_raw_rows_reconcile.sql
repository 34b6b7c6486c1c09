-- Nothing is dropped silently: every raw row is either staged or quarantined.
-- Returns the tables whose raw row count differs from staged + quarantined.
-- After an incremental run this also catches raw rows that arrived later
-- than var incremental_lookback_days, or raw rows removed since the last
-- build: run `dbt build --full-refresh` (or raise the lookback).
{%- set tables = shop_tables().keys() | list %}

with

raw_counts as (
    {% for table in tables %}
        select
            '{{ table }}' as source_table,
            count(*) as raw_rows
        from {{ source('shop', table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

accounted as (
    select
        source_table,
        raw_rows,
        staged_rows,
        quarantined_rows
    from {{ ref('int_data_quality__by_table') }}
)

select
    raw_counts.source_table,
    raw_counts.raw_rows,
    accounted.staged_rows,
    accounted.quarantined_rows
from raw_counts
left join accounted
    on raw_counts.source_table = accounted.source_table
where accounted.source_table is null
    or raw_counts.raw_rows != accounted.staged_rows + accounted.quarantined_rows
