-- Every known state of every customer's segment, one row per customer,
-- segmentation and as-of date, from two sources that never overlap:
--   reconstructed  RFM and lifecycle rebuilt from orders at month-ends
--                  before the snapshot's first as-of date
--                  (seg_reconstructed_history), so all of them are earlier
--                  than any recorded state (tests/segments/
--                  assert_history_sources_do_not_overlap.sql);
--   snapshot       what builds recorded: every version in
--                  snap_customer_segments (its as-of date is when a build
--                  first saw the segment) and this build's seg_memberships,
--                  which the snapshot records in the same build. Two builds
--                  on one as-of date keep the later one.
-- fct_segment_transitions and rpt_segment_migration read the states from
-- here.
with

reconstructed as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date
    from {{ ref('seg_reconstructed_history') }}
    where not is_as_of_date
),

snapshot_versions as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date,
        dbt_valid_from
    from {{ ref('snap_customer_segments') }}
),

current_build as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date
    from {{ ref('seg_memberships') }}
),

recorded as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date,
        -- this build first, then the snapshot's latest version of the day
        0 as recorded_rank_group,
        cast(null as {{ dbt.type_timestamp() }}) as dbt_valid_from
    from current_build
    union all
    select
        customer_id,
        segmentation,
        segment,
        as_of_date,
        1 as recorded_rank_group,
        dbt_valid_from
    from snapshot_versions
),

latest_recorded as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date
    from (
        select
            customer_id,
            segmentation,
            segment,
            as_of_date,
            row_number() over (
                partition by customer_id, segmentation, as_of_date
                order by recorded_rank_group asc, dbt_valid_from desc
            ) as version_rank
        from recorded
    ) as ranked
    where version_rank = 1
),

unioned as (
    select
        reconstructed.customer_id,
        reconstructed.segmentation,
        reconstructed.segment,
        reconstructed.as_of_date,
        'reconstructed' as source
    from reconstructed
    union all
    select
        customer_id,
        segmentation,
        segment,
        as_of_date,
        'snapshot' as source
    from latest_recorded
),

final as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date,
        source
    from unioned
)

select * from final
