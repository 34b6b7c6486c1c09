-- Segment membership in long form for BI filters: one row per customer and
-- segmentation, with the segment's display name (for clusters the generated
-- name), the reason the customer is in it and the as-of date since which
-- they have been (from the snapshot). Customers who asked to be erased
-- (int_customers__consent) are left out.
with

memberships as (
    select
        customer_id,
        segmentation,
        segment,
        segment_reason,
        as_of_date
    from {{ ref('seg_memberships') }}
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

current_versions as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date as segment_since
    from {{ ref('snap_customer_segments') }}
    where dbt_valid_to is null
),

segment_names as (
    select
        segmentation,
        segment,
        segment_name
    from {{ ref('seg_segment_names') }}
),

final as (
    select
        memberships.customer_id,
        memberships.segmentation,
        memberships.segment,
        memberships.segment_reason,
        memberships.as_of_date,
        segment_names.segment_name,
        -- a build whose snapshot has not run yet has no history: today
        coalesce(
            current_versions.segment_since, memberships.as_of_date
        ) as segment_since
    from memberships
    inner join not_erased
        on memberships.customer_id = not_erased.customer_id
    left join current_versions
        on
            memberships.customer_id = current_versions.customer_id
            and memberships.segmentation = current_versions.segmentation
            and memberships.segment = current_versions.segment
    left join segment_names
        on
            memberships.segmentation = segment_names.segmentation
            and memberships.segment = segment_names.segment
)

select * from final
