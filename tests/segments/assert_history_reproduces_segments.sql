-- The reconstructed history uses the segment models' rules: rebuilt at the
-- as-of date, every customer's RFM and lifecycle segment and reason equal
-- seg_rfm and seg_lifecycle. Returns each customer and segmentation where
-- they differ or where one side is missing.
with

rebuilt as (
    select
        customer_id,
        segmentation,
        segment,
        segment_reason
    from {{ ref('seg_reconstructed_history') }}
    where is_as_of_date
),

rfm as (
    select
        customer_id,
        segment,
        segment_reason
    from {{ ref('seg_rfm') }}
),

lifecycle as (
    select
        customer_id,
        segment,
        segment_reason
    from {{ ref('seg_lifecycle') }}
),

current_segments as (
    select
        customer_id,
        'rfm' as segmentation,
        segment,
        segment_reason
    from rfm
    union all
    select
        customer_id,
        'lifecycle' as segmentation,
        segment,
        segment_reason
    from lifecycle
)

select
    rebuilt.segment as rebuilt_segment,
    current_segments.segment as current_segment,
    rebuilt.segment_reason as rebuilt_reason,
    current_segments.segment_reason as current_reason,
    coalesce(
        rebuilt.customer_id, current_segments.customer_id
    ) as customer_id,
    coalesce(
        rebuilt.segmentation, current_segments.segmentation
    ) as segmentation
from rebuilt
full outer join current_segments
    on
        rebuilt.customer_id = current_segments.customer_id
        and rebuilt.segmentation = current_segments.segmentation
where
    rebuilt.customer_id is null
    or current_segments.customer_id is null
    or rebuilt.segment != current_segments.segment
    or rebuilt.segment_reason != current_segments.segment_reason
