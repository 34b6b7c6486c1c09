{#
    dbt.dateadd on Spark, found before dbt-spark's own through the dispatch
    search order in dbt_project.yml: timestampadd on the value as a
    timestamp, as DuckDB adds an interval (a month added to the 31st ends on
    the month's last day). dbt-spark repeats its argument several times per
    call (null checks, time of day), so nested calls (dbt.last_day of a
    dateadd) grow exponentially: 660 KB of SQL for
    seg_reconstructed_history, which ran Spark out of memory.
#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd(
        {{ datepart | upper }},
        cast({{ interval }} as bigint),
        cast({{ from_date_or_timestamp }} as timestamp)
    )
{%- endmacro %}
