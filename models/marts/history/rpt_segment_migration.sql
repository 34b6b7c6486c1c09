-- Migration matrix: how customers moved between the segments of each
-- segmentation from one date to another (vars migration_from_date and
-- migration_to_date; by default the month-end history_months months before
-- the as-of date, and the as-of date). A customer's segment on a date is
-- their latest state on or before it in seg_membership_history, i.e. the
-- segment of their latest change on or before it
-- (seg_segment_change_history, the change detection shared with
-- fct_segment_transitions); '(none)' when they have none yet (not a
-- customer then, or a segmentation without history that far back: only
-- RFM and lifecycle are rebuilt from orders). One row per segmentation,
-- from segment and to segment that holds customers. Customers who asked to
-- be erased are left out (seg_segment_change_history has none).
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set from_date = setting('migration_from_date') %}
{%- set to_date = setting('migration_to_date') %}

with

changes as (
    select
        customer_id,
        segmentation,
        segment,
        as_of_date
    from {{ ref('seg_segment_change_history') }}
),

segment_names as (
    select
        segmentation,
        segment,
        segment_name
    from {{ ref('seg_segment_names') }}
),

period_end as (
    select
        {% if to_date %}
            {{ date_literal(to_date) }} as to_date
        {% else %}
            {{ as_of_date }} as to_date
        {% endif %}
),

period as (
    select
        {% if from_date %}
            {{ date_literal(from_date) }} as from_date,
        {% else %}
            cast({{ dbt.last_day(
                dbt.dateadd(
                    'month',
                    sql_literal(-setting('history_months')),
                    'to_date',
                ),
                'month',
            ) }} as date) as from_date,
        {% endif %}
        to_date
    from period_end
),

dated_states as (
    select
        changes.customer_id,
        changes.segmentation,
        changes.segment,
        changes.as_of_date,
        period.from_date,
        period.to_date
    from changes
    cross join period
),

-- each customer's latest state on or before each end of the period: an
-- aggregate (arg_max), not a window, so that millions of states spill to
-- disk instead of being held in memory
from_states as (
    select
        customer_id,
        segmentation,
        {{ arg_max('segment', 'as_of_date') }} as segment
    from dated_states
    where as_of_date <= from_date
    group by customer_id, segmentation
),

to_states as (
    select
        customer_id,
        segmentation,
        {{ arg_max('segment', 'as_of_date') }} as segment
    from dated_states
    where as_of_date <= to_date
    group by customer_id, segmentation
),

moves as (
    select
        coalesce(
            to_states.segmentation, from_states.segmentation
        ) as segmentation,
        coalesce(from_states.segment, '(none)') as from_segment,
        coalesce(to_states.segment, '(none)') as to_segment
    from from_states
    full outer join to_states
        on
            from_states.customer_id = to_states.customer_id
            and from_states.segmentation = to_states.segmentation
),

cells as (
    select
        segmentation,
        from_segment,
        to_segment,
        count(*) as customers
    from moves
    group by segmentation, from_segment, to_segment
),

final as (
    select
        cells.segmentation,
        cells.from_segment,
        cells.to_segment,
        period.from_date,
        period.to_date,
        cells.customers,
        -- '(none)' (no state yet) is not a segment: it is its own name
        coalesce(
            from_names.segment_name, cells.from_segment
        ) as from_segment_name,
        coalesce(to_names.segment_name, cells.to_segment) as to_segment_name,
        cells.from_segment = cells.to_segment as is_same_segment,
        cast(cells.customers as double) / sum(cells.customers) over (
            partition by cells.segmentation, cells.from_segment
        ) as share_of_from_segment,
        cast(cells.customers as double) / sum(cells.customers) over (
            partition by cells.segmentation
        ) as share_of_customers
    from cells
    cross join period
    left join segment_names as from_names
        on
            cells.segmentation = from_names.segmentation
            and cells.from_segment = from_names.segment
    left join segment_names as to_names
        on
            cells.segmentation = to_names.segmentation
            and cells.to_segment = to_names.segment
)

select * from final
