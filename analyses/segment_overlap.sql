-- Overlap between two segmentations as a cross-tab of customer counts.
-- Change the two names to compare any pair (see seed segmentations).
{%- set rows_segmentation = 'rfm' %}
{%- set columns_segmentation = 'lifecycle' %}

with

memberships as (
    select
        customer_id,
        segmentation,
        segment
    from {{ ref('fct_customer_segments') }}
),

pairs as (
    select
        row_side.segment as {{ rows_segmentation }}_segment,
        column_side.segment as {{ columns_segmentation }}_segment,
        count(*) as customers
    from memberships as row_side
    inner join memberships as column_side
        on row_side.customer_id = column_side.customer_id
    where
        row_side.segmentation = '{{ rows_segmentation }}'
        and column_side.segmentation = '{{ columns_segmentation }}'
    group by row_side.segment, column_side.segment
)

pivot pairs
on {{ columns_segmentation }}_segment
using sum(customers)
order by {{ rows_segmentation }}_segment
