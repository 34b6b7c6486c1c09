{#
    The earliest as-of date whose segment changes an incremental run of
    seg_segment_change_history recomputes (an SQL date expression, for its
    post-hook and its body alike, so both cut at the same date: only rows
    of earlier runs are read): the as-of
    date of this build; the earliest state of `states`
    (seg_membership_history) recorded since the model's last run (a
    recomputed past month-end, a snapshot version: for these a day's slack
    covers the snapshot's clock and time zone); the earliest rebuilt state the model
    used that has left the history (the rebuilt months moved). On an empty
    model, a date before any state. Only meaningful inside an
    `is_incremental()` branch.
#}
{% macro segment_changes_from(states, as_of_date) -%}
    {%- set this_run -%}
        cast(
            {{ sql_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S')) }}
            as {{ dbt.type_timestamp() }}
        )
    {%- endset -%}
    {#- rows of earlier runs only: the post-hook sees this run's rows too -#}
    {%- set last_run -%}
        coalesce(
            (
                select max(computed_at) from {{ this }}
                where computed_at < {{ this_run }}
            ),
            cast('1900-01-01' as {{ dbt.type_timestamp() }})
        )
    {%- endset -%}
    {%- set rebuilt_dates -%}
        select distinct as_of_date
        from {{ states }}
        where source = 'reconstructed'
    {%- endset -%}
    least(
        {{ as_of_date }},
        coalesce(
            (
                select min(as_of_date)
                from {{ states }}
                where
                    recorded_at > {{ last_run }}
                    -- dbt_valid_from is the snapshot's clock, not the run's
                    or (
                        source = 'snapshot'
                        and recorded_at > {{ dbt.dateadd('day', -1, last_run) }}
                    )
            ),
            {{ as_of_date }}
        ),
        coalesce(
            (
                select min(left_date)
                from (
                    select as_of_date as left_date
                    from {{ this }}
                    where
                        source = 'reconstructed'
                        and computed_at < {{ this_run }}
                    union all
                    select previous_as_of_date as left_date
                    from {{ this }}
                    where
                        previous_source = 'reconstructed'
                        and computed_at < {{ this_run }}
                ) as used
                where left_date not in ({{ rebuilt_dates }})
            ),
            {{ as_of_date }}
        )
    )
{%- endmacro %}
