{{ config(materialized='view') }}

-- The size of every segment at this build's as-of date: one row per
-- segmentation and segment holding customers, with its share of the
-- segmentation's customers (every customer is in exactly one segment of
-- each segmentation). Customers who asked to be erased are left out, as in
-- rpt_segment_summary. Computed once here for the two readers:
-- seg_segment_size_history records it per build, rpt_segment_drift compares
-- it with the previous build and the previous month-end. A view: a small
-- aggregate of seg_memberships, read twice per build.
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
        segmentation,
        segment,
        as_of_date,
        customers,
        sum(customers) over (
            partition by segmentation
        ) as segmentation_customers,
        cast(customers as double)
        / sum(customers) over (partition by segmentation) as customer_share
    from segment_counts
)

select * from final
