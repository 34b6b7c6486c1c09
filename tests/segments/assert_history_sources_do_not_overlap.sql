-- No double counting in the segment history: every reconstructed state is
-- earlier than the first state a build recorded, so a change is seen by one
-- source only. Returns the reconstructed states on or after that date.
with

history as (
    select
        customer_id,
        segmentation,
        as_of_date,
        source
    from {{ ref('seg_membership_history') }}
),

first_recorded as (
    select min(as_of_date) as first_recorded_as_of_date
    from history
    where source = 'snapshot'
)

select
    history.customer_id,
    history.segmentation,
    history.as_of_date,
    first_recorded.first_recorded_as_of_date
from history
cross join first_recorded
where
    history.source = 'reconstructed'
    and history.as_of_date >= first_recorded.first_recorded_as_of_date
