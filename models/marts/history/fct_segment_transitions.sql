-- Segment changes: one row per customer, segmentation and as-of date on
-- which the customer was first seen in a new segment, with the segment
-- before and after. States come from seg_membership_history: month-ends
-- rebuilt from orders before the project's first build (source
-- 'reconstructed': RFM and lifecycle only) and the states builds recorded
-- in the snapshot (source 'snapshot'). A transition's source is that of
-- the state it leaves: the change from the last rebuilt month-end to the
-- first recorded build is 'reconstructed'. Entering the history (a new
-- customer) is not a transition. Customers who asked to be erased are left
-- out. The changes are detected once, incrementally, in
-- seg_segment_change_history (shared with rpt_segment_migration): this
-- model names them.
with

changes as (
    select
        customer_id,
        segmentation,
        previous_segment,
        segment,
        previous_as_of_date,
        as_of_date,
        previous_source
    from {{ ref('seg_segment_change_history') }}
    -- a customer's first state is no change
    where previous_segment is not null
),

segment_names as (
    select
        segmentation,
        segment,
        segment_name
    from {{ ref('seg_segment_names') }}
),

transitions as (
    select
        customer_id,
        segmentation,
        previous_segment as from_segment,
        segment as to_segment,
        previous_as_of_date as from_as_of_date,
        as_of_date as changed_at,
        previous_source as source
    from changes
),

final as (
    select
        transitions.customer_id,
        transitions.segmentation,
        transitions.from_segment,
        transitions.to_segment,
        transitions.from_as_of_date,
        transitions.changed_at,
        transitions.source,
        from_names.segment_name as from_segment_name,
        to_names.segment_name as to_segment_name
    from transitions
    left join segment_names as from_names
        on
            transitions.segmentation = from_names.segmentation
            and transitions.from_segment = from_names.segment
    left join segment_names as to_names
        on
            transitions.segmentation = to_names.segmentation
            and transitions.to_segment = to_names.segment
)

select * from final
