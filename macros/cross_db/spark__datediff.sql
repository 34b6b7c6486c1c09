{#
    dbt.datediff on Spark, found before dbt-spark's own through the dispatch
    search order in dbt_project.yml. Counts boundaries crossed, as DuckDB
    and most warehouses do: days between the dates, calendar months
    (12 x years + months), calendar years. dbt-spark counts months with
    months_between, which adds one when the later date is a month's last
    day and the earlier a longer month's last day (2026-03-31 to
    2026-06-30: 4 instead of 3). A bigint, as on DuckDB (Spark's datediff
    gives an int). Other dateparts: dbt-spark's.
#}
{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- if datepart == 'day' -%}
        cast(
            datediff(cast({{ second_date }} as date), cast({{ first_date }} as date))
            as bigint
        )
    {%- elif datepart == 'month' -%}
        cast(
            (year({{ second_date }}) - year({{ first_date }})) * 12
            + month({{ second_date }}) - month({{ first_date }})
            as bigint
        )
    {%- elif datepart == 'year' -%}
        cast(year({{ second_date }}) - year({{ first_date }}) as bigint)
    {%- else -%}
        {{ dbt.spark__datediff(first_date, second_date, datepart) }}
    {%- endif -%}
{%- endmacro %}
