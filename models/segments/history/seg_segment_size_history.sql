{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
) }}

-- The segment sizes every build saw: one row per build, segmentation and
-- segment holding customers, with its share of the segmentation's
-- customers (every customer is in one segment of each segmentation;
-- customers who asked to be erased are left out, as in
-- rpt_segment_summary). Appended by each build and never rebuilt by
-- --full-refresh, like seg_build_history; dropped only with every other
-- table when the raw source changes (macros/raw/raw_source.sql).
-- seg_membership_history keeps one state per as-of date (of two builds on
-- one date the later), so rpt_segment_drift needs this record to compare a
-- build with the previous one. build_number: 1 for the first build, then
-- one more than the highest recorded; invocation_id and built_at: the dbt
-- run that recorded it.
{%- if is_incremental() %}
    {%- set this_build -%}
        (select coalesce(max(recorded.build_number), 0) + 1 from {{ this }} as recorded)
    {%- endset %}
{%- else %}
    {%- set this_build = '1' %}
{%- endif %}

with

memberships as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date
    from {{ ref('seg_memberships') }}
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

segment_counts as (
    select
        memberships.segmentation,
        memberships.segment,
        max(memberships.as_of_date) as as_of_date,
        count(*) as customers
    from memberships
    inner join not_erased
        on memberships.customer_id = not_erased.customer_id
    group by memberships.segmentation, memberships.segment
),

final as (
    select
        as_of_date,
        segmentation,
        segment,
        customers,
        cast({{ this_build }} as bigint) as build_number,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id,
        cast(
            '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}'
            as {{ dbt.type_timestamp() }}
        ) as built_at,
        sum(customers) over (
            partition by segmentation
        ) as segmentation_customers,
        cast(customers as double)
        / sum(customers) over (partition by segmentation) as customer_share
    from segment_counts
)

select * from final
