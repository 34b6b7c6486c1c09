{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
) }}

-- The segment sizes every build saw: one row per build, segmentation and
-- segment, appended by each build (seg_segment_sizes at its as-of date) and
-- never rebuilt by --full-refresh, like seg_build_history; dropped only with
-- every other table when the raw source changes (macros/raw/raw_source.sql).
-- seg_membership_history keeps one state per as-of date (of two builds on
-- one date the later), so "the previous build" of rpt_segment_drift needs
-- this record of its own. build_number: 1 for the first build, then one more
-- than the highest recorded; invocation_id: the dbt run that recorded it, by
-- which rpt_segment_drift tells this build's rows from the previous build's.
{%- if is_incremental() %}
    {%- set this_build -%}
        (select coalesce(max(recorded.build_number), 0) + 1 from {{ this }} as recorded)
    {%- endset %}
{%- else %}
    {%- set this_build = '1' %}
{%- endif %}

with

sizes as (
    select
        segmentation,
        segment,
        as_of_date,
        customers,
        segmentation_customers,
        customer_share
    from {{ ref('seg_segment_sizes') }}
),

final as (
    select
        cast({{ this_build }} as bigint) as build_number,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id,
        cast(
            '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}'
            as {{ dbt.type_timestamp() }}
        ) as built_at,
        as_of_date,
        segmentation,
        segment,
        customers,
        segmentation_customers,
        customer_share
    from sizes
)

select * from final
