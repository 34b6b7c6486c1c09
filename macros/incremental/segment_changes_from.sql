{#
    The earliest as-of date whose rows the pre-hook of
    seg_segment_change_history deletes before an incremental run (an SQL
    date expression): the as-of date of this build (its states are new, and
    a build at an earlier date changes everything after it); the earliest
    rebuilt state of `states` (seg_membership_history) that the spine
    recomputed since the model's last run (recorded_in_run above the
    spine_run the model stored); the earliest rebuilt state the model used
    that has left the history (the rebuilt months moved). The run then
    recomputes everything after the latest row kept. Only meaningful inside
    an `is_incremental()` branch.
#}
{% macro segment_changes_from(states, as_of_date) -%}
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
                where recorded_in_run > (
                    select coalesce(max(spine_run), 0) from {{ this }}
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
                    where source = 'reconstructed'
                    union all
                    select previous_as_of_date as left_date
                    from {{ this }}
                    where previous_source = 'reconstructed'
                ) as used
                where left_date not in ({{ rebuilt_dates }})
            ),
            {{ as_of_date }}
        )
    )
{%- endmacro %}
