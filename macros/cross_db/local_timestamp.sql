{#
    The wall-clock time in `time_zone` (an IANA name, validated by
    shop_timezone or source_timezone) of a UTC timestamp without time zone,
    as a timestamp without time zone: '2024-07-01 20:30:00' (UTC) in
    Europe/Berlin is 2024-07-01 22:30:00. Independent of the session time
    zone on DuckDB; on Spark the session time zone must be UTC (profiles.yml
    sets it).
#}
{% macro local_timestamp(utc_timestamp, time_zone) %}
    {{ return(adapter.dispatch('local_timestamp', 'segmented_customers')(utc_timestamp, time_zone)) }}
{% endmacro %}

{#- DuckDB (ICU): read as UTC, then the wall-clock time in the zone. -#}
{% macro default__local_timestamp(utc_timestamp, time_zone) -%}
    {%- if time_zone == 'UTC' -%}
        {{ utc_timestamp }}
    {%- else -%}
        timezone({{ sql_literal(time_zone) }}, timezone('UTC', {{ utc_timestamp }}))
    {%- endif -%}
{%- endmacro %}

{% macro spark__local_timestamp(utc_timestamp, time_zone) -%}
    {%- if time_zone == 'UTC' -%}
        {{ utc_timestamp }}
    {%- else -%}
        from_utc_timestamp({{ utc_timestamp }}, {{ sql_literal(time_zone) }})
    {%- endif -%}
{%- endmacro %}
