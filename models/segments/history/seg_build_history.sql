{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
) }}

-- The as-of dates this database has been built at: one row per date, the
-- first build's kept whatever comes after. Append-only and never rebuilt
-- by --full-refresh (like the snapshot it stands in for), so the rebuilt
-- history (seg_rfm_lifecycle_history) keeps its month-ends before the
-- first build while its states are recomputed; dropped only with every
-- other table when the raw source changes (macros/raw/raw_source.sql).
with

as_of as (
    select as_of_date
    from {{ ref('int_as_of_date') }}
),

final as (
    select as_of_date
    from as_of
    {% if is_incremental() %}
        where as_of_date not in (select built.as_of_date from {{ this }} as built)
    {% endif %}
)

select * from final
