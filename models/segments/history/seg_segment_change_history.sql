{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="
        {%- if is_incremental() -%}
        delete from {{ this }}
        where
            as_of_date >= {{ segment_changes_from(
                ref('seg_membership_history'),
                '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')',
            ) }}
            or customer_id not in (
                select customer_id from {{ ref('int_customers__not_erased') }}
            )
        {%- endif -%}",
) }}

-- The change detection of the segment history, read by
-- fct_segment_transitions and rpt_segment_migration: one row per customer,
-- segmentation and as-of date on which the customer entered a segment (the
-- first known state, and every change), with the state before it (segment,
-- as-of date, source; null for the first). States come from
-- seg_membership_history; customers who asked to be erased are left out.
-- A customer's segment on any date is the segment of their latest row on
-- or before it.
-- Incremental: the pre-hook deletes the rows from the date given by macro
-- segment_changes_from on (the as-of date, or an earlier state the rebuilt
-- history recomputed since the last run) and the rows of erased customers;
-- the run then appends the rows after the latest one kept, reading each
-- customer's last state before that date.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set states = ref('seg_membership_history') %}
{#- the day after the latest row the pre-hook kept: every row from there on
    is new, whatever cut the pre-hook made -#}
{%- set changes_from -%}
    (
        select
            coalesce(
                cast({{ dbt.dateadd('day', 1, 'max(as_of_date)') }} as date),
                cast('1900-01-01' as date)
            )
        from {{ this }}
    )
{%- endset %}
{%- set changes_from = changes_from if is_incremental() else none %}

with

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

-- one window per segmentation: a single window over every customer's
-- states in every segmentation held tens of millions of rows in memory
-- (out of memory at 1M customers with 4 GB)
sequenced as (
    {% for segmentation in segmentations() %}
        select
            history.customer_id,
            history.segmentation,
            history.segment,
            history.as_of_date,
            history.source,
            lag(history.segment) over (
                partition by history.customer_id
                order by history.as_of_date
            ) as previous_segment,
            lag(history.as_of_date) over (
                partition by history.customer_id
                order by history.as_of_date
            ) as previous_as_of_date,
            lag(history.source) over (
                partition by history.customer_id
                order by history.as_of_date
            ) as previous_source
        -- read the model in each branch, filtered at the scan: a CTE read
        -- by every branch would be materialised whole first
        from (
            {%- if changes_from %}
                -- the states from the cut on, and the last one before it
                select
                    customer_id,
                    segmentation,
                    segment,
                    as_of_date,
                    source
                from {{ states }}
                where
                    segmentation = '{{ segmentation }}'
                    and as_of_date >= {{ changes_from }}
                union all
                select
                    customer_id,
                    segmentation,
                    {{ arg_max('segment', 'as_of_date') }} as segment,
                    max(as_of_date) as as_of_date,
                    {{ arg_max('source', 'as_of_date') }} as source
                from {{ states }}
                where
                    segmentation = '{{ segmentation }}'
                    and as_of_date < {{ changes_from }}
                group by customer_id, segmentation
            {%- else %}
                select
                    customer_id,
                    segmentation,
                    segment,
                    as_of_date,
                    source
                from {{ states }}
                where segmentation = '{{ segmentation }}'
            {%- endif %}
        ) as history
        inner join not_erased
            on history.customer_id = not_erased.customer_id
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

-- the run's number (one more than the highest row kept) and the spine's
-- latest run read
runs as (
    select
        {%- if changes_from %}
            (
                select coalesce(max(kept.run_number), 0) + 1 as next_run
                from {{ this }} as kept
            ) as run_number,
        {%- else %}
            cast(1 as bigint) as run_number,
        {%- endif %}
        max(rebuilt.recorded_in_run) as spine_run
    from {{ states }} as rebuilt
),

final as (
    select
        sequenced.customer_id,
        sequenced.segmentation,
        sequenced.segment,
        sequenced.as_of_date,
        sequenced.source,
        sequenced.previous_segment,
        sequenced.previous_as_of_date,
        sequenced.previous_source,
        runs.run_number,
        runs.spine_run
    from sequenced
    cross join runs
    where
        (
            sequenced.previous_segment is null
            or sequenced.previous_segment != sequenced.segment
        )
        -- the last state before the cut only gives the rows after it
        and sequenced.as_of_date
        >= {{ changes_from or "cast('1900-01-01' as date)" }}
)

select * from final
