-- Segment drift: every segment's size and share of its segmentation's
-- customers at this build (the latest build recorded in
-- seg_segment_size_history, which every build appends before this model
-- runs) against (a) the previous build (the one recorded before it) and
-- (b) the previous month-end (the last month-end before the as-of date),
-- with the change in share points and flags. A customer's segment at the
-- month-end is their latest state on or before it in
-- seg_membership_history (the latest change on or before it in
-- seg_segment_change_history, as in rpt_segment_migration): RFM and
-- lifecycle are rebuilt from orders for month-ends before the first
-- build; every other segmentation is known
-- only where a build recorded it on or before the month-end, else the
-- month-end columns are null. One row per segmentation and segment held by
-- customers in any of the three; a segment absent from a known state
-- counts 0 customers there (appeared / emptied). Flags: is_drifted_* when
-- the share moved more than var drift_warn_share_points points; a
-- comparison that is unknown (first build, no state at the month-end)
-- flags nothing. For the cluster segmentation, how far the cluster's
-- centroid moved since the previous fit (seg_cluster_centroids). Customers
-- who asked to be erased are not counted.
{%- set threshold = sql_literal(setting('drift_warn_share_points')) %}
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}

with

size_history as (
    select
        build_number,
        as_of_date,
        segmentation,
        segment,
        customers,
        customer_share
    from {{ ref('seg_segment_size_history') }}
),

-- every customer's states as changes (seg_membership_history's change
-- detection, without erased customers): the latest change on or before a
-- date is the state on that date
changes as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date
    from {{ ref('seg_segment_change_history') }}
),

centroids as (
    select
        segment,
        moved_since_previous
    from {{ ref('seg_cluster_centroids') }}
),

segment_names as (
    select
        segmentation,
        segment,
        segment_name
    from {{ ref('seg_segment_names') }}
),

-- ---- this build and (a) the previous build: the latest two recorded
builds as (
    select
        max(build_number) as current_build_number,
        max(build_number) - 1 as previous_build_number
    from size_history
),

current_sizes as (
    select
        size_history.segmentation,
        size_history.segment,
        size_history.customers,
        size_history.customer_share
    from size_history
    inner join builds
        on size_history.build_number = builds.current_build_number
),

previous_build_sizes as (
    select
        size_history.build_number,
        size_history.as_of_date,
        size_history.segmentation,
        size_history.segment,
        size_history.customers,
        size_history.customer_share
    from size_history
    inner join builds
        on size_history.build_number = builds.previous_build_number
),

-- the segmentations the previous build knew (a segmentation added since
-- has no previous size, not a size of 0)
previous_build_segmentations as (
    select
        segmentation,
        max(build_number) as build_number,
        max(as_of_date) as as_of_date
    from previous_build_sizes
    group by segmentation
),

-- ---- (b) the previous month-end: each customer's latest state on or
-- before it (an aggregate, not a window, as in rpt_segment_migration)
month_end as (
    select
        cast({{ dbt.last_day(
            dbt.dateadd('month', -1, as_of_date), 'month'
        ) }} as date) as month_end_date
),

month_end_states as (
    select
        changes.customer_id,
        changes.segmentation,
        {{ arg_max('changes.segment', 'changes.as_of_date') }} as segment,
        max(changes.as_of_date) as state_date
    from changes
    cross join month_end
    where changes.as_of_date <= month_end.month_end_date
    group by changes.customer_id, changes.segmentation
),

month_end_segmentations as (
    select
        segmentation,
        count(*) as segmentation_customers,
        max(state_date) as state_date
    from month_end_states
    group by segmentation
),

month_end_sizes as (
    select
        month_end_states.segmentation,
        month_end_states.segment,
        count(*) as customers,
        cast(count(*) as double)
        / max(month_end_segmentations.segmentation_customers) as customer_share
    from month_end_states
    inner join month_end_segmentations
        on month_end_states.segmentation = month_end_segmentations.segmentation
    group by month_end_states.segmentation, month_end_states.segment
),

-- ---- every segment held in any of the three
segment_keys as (
    select
        segmentation,
        segment
    from current_sizes
    union
    select
        segmentation,
        segment
    from previous_build_sizes
    union
    select
        segmentation,
        segment
    from month_end_sizes
),

cluster_moves as (
    select
        segment,
        max(moved_since_previous) as centroid_moved_since_previous_fit
    from centroids
    group by segment
),

compared as (
    select
        segment_keys.segmentation,
        segment_keys.segment,
        previous_build_segmentations.build_number as previous_build_number,
        previous_build_segmentations.as_of_date as previous_build_as_of_date,
        month_end.month_end_date as previous_month_end,
        month_end_segmentations.state_date as month_end_state_date,
        coalesce(current_sizes.customers, 0) as customers,
        coalesce(current_sizes.customer_share, 0) as customer_share,
        case
            when previous_build_segmentations.segmentation is not null
                then coalesce(previous_build_sizes.customers, 0)
        end as previous_build_customers,
        case
            when previous_build_segmentations.segmentation is not null
                then coalesce(previous_build_sizes.customer_share, 0)
        end as previous_build_share,
        case
            when month_end_segmentations.segmentation is not null
                then coalesce(month_end_sizes.customers, 0)
        end as month_end_customers,
        case
            when month_end_segmentations.segmentation is not null
                then coalesce(month_end_sizes.customer_share, 0)
        end as month_end_share,
        case
            when segment_keys.segmentation = 'cluster'
                then cluster_moves.centroid_moved_since_previous_fit
        end as centroid_moved_since_previous_fit
    from segment_keys
    cross join month_end
    left join current_sizes
        on
            segment_keys.segmentation = current_sizes.segmentation
            and segment_keys.segment = current_sizes.segment
    left join previous_build_segmentations
        on segment_keys.segmentation = previous_build_segmentations.segmentation
    left join previous_build_sizes
        on
            segment_keys.segmentation = previous_build_sizes.segmentation
            and segment_keys.segment = previous_build_sizes.segment
    left join month_end_segmentations
        on segment_keys.segmentation = month_end_segmentations.segmentation
    left join month_end_sizes
        on
            segment_keys.segmentation = month_end_sizes.segmentation
            and segment_keys.segment = month_end_sizes.segment
    left join cluster_moves
        on segment_keys.segment = cluster_moves.segment
),

share_changes as (
    select
        segmentation,
        segment,
        customers,
        customer_share,
        previous_build_number,
        previous_build_as_of_date,
        previous_build_customers,
        previous_build_share,
        previous_month_end,
        month_end_state_date,
        month_end_customers,
        month_end_share,
        centroid_moved_since_previous_fit,
        -- rounded to 10 decimals: 0.65 - 0.70 is -5 points, not a drift
        -- of 5.000000000000004
        round((customer_share - previous_build_share) * 100, 10)
            as share_change_since_build,
        round((customer_share - month_end_share) * 100, 10)
            as share_change_since_month_end
    from compared
),

flagged as (
    select
        segmentation,
        segment,
        customers,
        customer_share,
        previous_build_number,
        previous_build_as_of_date,
        previous_build_customers,
        previous_build_share,
        share_change_since_build,
        previous_month_end,
        month_end_state_date,
        month_end_customers,
        month_end_share,
        share_change_since_month_end,
        centroid_moved_since_previous_fit,
        coalesce(
            abs(share_change_since_build) > {{ threshold }}, false
        ) as is_drifted_since_build,
        coalesce(
            abs(share_change_since_month_end) > {{ threshold }}, false
        ) as is_drifted_since_month_end,
        coalesce(
            previous_build_customers = 0 and customers > 0, false
        ) as appeared_since_build,
        coalesce(
            previous_build_customers > 0 and customers = 0, false
        ) as emptied_since_build,
        coalesce(
            month_end_customers = 0 and customers > 0, false
        ) as appeared_since_month_end,
        coalesce(
            month_end_customers > 0 and customers = 0, false
        ) as emptied_since_month_end
    from share_changes
),

final as (
    select
        flagged.segmentation,
        flagged.segment,
        coalesce(segment_names.segment_name, flagged.segment) as segment_name,
        {{ as_of_date }} as as_of_date,
        cast(flagged.customers as bigint) as customers,
        cast(flagged.customer_share as double) as customer_share,
        cast(flagged.previous_build_number as bigint) as previous_build_number,
        flagged.previous_build_as_of_date,
        cast(flagged.previous_build_customers as bigint)
            as previous_build_customers,
        cast(flagged.previous_build_share as double) as previous_build_share,
        cast(flagged.share_change_since_build as double)
            as share_change_since_build,
        flagged.previous_month_end,
        flagged.month_end_state_date,
        cast(flagged.month_end_customers as bigint) as month_end_customers,
        cast(flagged.month_end_share as double) as month_end_share,
        cast(flagged.share_change_since_month_end as double)
            as share_change_since_month_end,
        cast(flagged.centroid_moved_since_previous_fit as double)
            as centroid_moved_since_previous_fit,
        flagged.is_drifted_since_build,
        flagged.is_drifted_since_month_end,
        flagged.appeared_since_build,
        flagged.emptied_since_build,
        flagged.appeared_since_month_end,
        flagged.emptied_since_month_end,
        (
            flagged.is_drifted_since_build
            or flagged.is_drifted_since_month_end
            or flagged.appeared_since_build
            or flagged.emptied_since_build
            or flagged.appeared_since_month_end
            or flagged.emptied_since_month_end
        ) as is_flagged,
        cast({{ threshold }} as double) as warn_share_points
    from flagged
    left join segment_names
        on
            flagged.segmentation = segment_names.segmentation
            and flagged.segment = segment_names.segment
)

select * from final
