-- Every known state of every customer's segment, one row per customer,
-- segmentation and as-of date, from two sources that never overlap:
--   reconstructed  RFM and lifecycle rebuilt from orders at month-ends
--                  before the first build (seg_rfm_lifecycle_history,
--                  without its as-of date), so all of them are earlier
--                  than any recorded state (tests/segments/
--                  assert_history_sources_do_not_overlap.sql);
--   snapshot       what builds recorded: every version in
--                  snap_customer_segments (its as-of date is when a build
--                  first saw the segment) and this build's seg_memberships,
--                  which the snapshot records in the same build. Two builds
--                  on one as-of date keep the later one.
-- recorded_in_run: for a rebuilt state, the run of the spine that computed
-- it (seg_rfm_lifecycle_history.computed_in_run), by which
-- seg_segment_change_history finds the month-ends recomputed since its
-- last run.
-- seg_segment_change_history, the change detection of the history marts,
-- reads the states from here.
with

rebuilt as (
    select
        customer_id,
        as_of_date,
        rfm_segment,
        lifecycle_segment,
        computed_in_run
    from {{ ref('seg_rfm_lifecycle_history') }}
    where not is_as_of_date
),

reconstructed as (
    select
        customer_id,
        'rfm' as segmentation,
        rfm_segment as segment,
        as_of_date,
        computed_in_run as recorded_in_run
    from rebuilt
    union all
    select
        customer_id,
        'lifecycle' as segmentation,
        lifecycle_segment as segment,
        as_of_date,
        computed_in_run as recorded_in_run
    from rebuilt
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
        -- this build first, then the snapshot's latest version of the day:
        -- this build's rows sort after every version
        cast('9999-12-31' as {{ dbt.type_timestamp() }}) as recorded_order
    from current_build
    union all
    select
        customer_id,
        segmentation,
        segment,
        as_of_date,
        dbt_valid_from as recorded_order
    from snapshot_versions
),

-- an aggregate, not a row_number() window: the window over every recorded
-- state ran out of DuckDB's default 4 GB at 3M customers (~80M states);
-- the aggregate spills to disk (1M customers: fails at 1.4 GB as a window,
-- passes at 0.7 GB). recorded_order is unique per customer and
-- segmentation (the snapshot's key with dbt_valid_from), so there are no ties.
latest_recorded as (
    select
        customer_id,
        segmentation,
        {{ arg_max('segment', 'recorded_order') }} as segment,
        as_of_date
    from recorded
    group by customer_id, segmentation, as_of_date
),

first_recorded as (
    select min(as_of_date) as first_recorded_as_of_date
    from latest_recorded
),

unioned as (
    select
        reconstructed.customer_id,
        reconstructed.segmentation,
        reconstructed.segment,
        reconstructed.as_of_date,
        'reconstructed' as source,
        reconstructed.recorded_in_run
    from reconstructed
    cross join first_recorded
    -- the rebuilt months end before the first build (seg_build_history);
    -- a snapshot older than that record (a database built before it
    -- existed) keeps its own states
    where
        first_recorded.first_recorded_as_of_date is null
        or reconstructed.as_of_date < first_recorded.first_recorded_as_of_date
    union all
    select
        customer_id,
        segmentation,
        segment,
        as_of_date,
        'snapshot' as source,
        cast(null as bigint) as recorded_in_run
    from latest_recorded
),

final as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date,
        source,
        recorded_in_run
    from unioned
)

select * from final
