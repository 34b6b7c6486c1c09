{{ config(severity='warn', store_failures=true, store_failures_as='view') }}

-- Warns when a segment drifted (rpt_segment_drift): one row per flagged
-- segment and comparison, naming the segmentation, the segment, what it is
-- compared with (previous build or previous month-end), how (drifted: the
-- share moved more than var drift_warn_share_points points; appeared;
-- emptied), the share change in points and the sizes. Severity warn: drift
-- is news for the marketers, not a broken build. Quiet on a rebuild of
-- unchanged data (every change since the previous build is 0); an unknown
-- comparison (first build, no state at the month-end) flags nothing.
with

drift as (
    select
        segmentation,
        segment,
        customers,
        previous_build_customers,
        share_change_since_build,
        month_end_customers,
        share_change_since_month_end,
        is_drifted_since_build,
        is_drifted_since_month_end,
        appeared_since_build,
        emptied_since_build,
        appeared_since_month_end,
        emptied_since_month_end
    from {{ ref('rpt_segment_drift') }}
),

since_build as (
    select
        segmentation,
        segment,
        share_change_since_build as share_change_points,
        previous_build_customers as customers_before,
        customers as customers_now,
        'previous build' as compared_with,
        case
            when appeared_since_build then 'appeared'
            when emptied_since_build then 'emptied'
            else 'drifted'
        end as drift
    from drift
    where is_drifted_since_build or appeared_since_build or emptied_since_build
),

since_month_end as (
    select
        segmentation,
        segment,
        share_change_since_month_end as share_change_points,
        month_end_customers as customers_before,
        customers as customers_now,
        'previous month-end' as compared_with,
        case
            when appeared_since_month_end then 'appeared'
            when emptied_since_month_end then 'emptied'
            else 'drifted'
        end as drift
    from drift
    where
        is_drifted_since_month_end
        or appeared_since_month_end
        or emptied_since_month_end
),

final as (
    select
        segmentation,
        segment,
        compared_with,
        drift,
        share_change_points,
        customers_before,
        customers_now
    from since_build
    union all
    select
        segmentation,
        segment,
        compared_with,
        drift,
        share_change_points,
        customers_before,
        customers_now
    from since_month_end
)

select * from final
