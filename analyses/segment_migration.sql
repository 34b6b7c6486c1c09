-- Migration matrix of one segmentation as a cross-tab: rows are the segment
-- on the from date, columns the segment on the to date, cells the share of
-- the row's customers (rpt_segment_migration; choose the period with vars
-- migration_from_date and migration_to_date). Change the name to look at
-- another segmentation (RFM and lifecycle have history from the first
-- build on, the others from the second).
{%- set segmentation = 'rfm' %}

with

cells as (
    select
        from_segment,
        to_segment,
        share_of_from_segment
    from {{ ref('rpt_segment_migration') }}
    where segmentation = '{{ segmentation }}'
)

pivot cells
on to_segment
using round(sum(share_of_from_segment), 3)
order by from_segment
