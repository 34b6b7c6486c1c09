{#
    A UTC timestamp (without time zone) from ISO 8601 text, null when the
    text has another shape (iso_timestamp_pattern) or is no real date-time:
    - with a UTC offset (Z, +HH:MM, +HHMM, +HH): converted with that offset,
      '2023-10-30 12:49:58-0500' is 2023-10-30 17:49:58;
    - naive: read as wall-clock time in `time_zone` (an IANA name, validated
      by source_timezone) and converted; a wall-clock time that occurs twice
      (clocks set back) is its first occurrence, one that does not exist
      (clocks set forward) is moved forward by the gap, so 02:30 on the
      night of the spring change in Europe/Berlin is 03:30 local, 01:30 UTC;
    - a date alone: that date at 00:00, never shifted by the zone.
    The result does not depend on the session time zone on DuckDB; on Spark
    the session time zone must be UTC (profiles.yml sets it).
#}
{% macro utc_timestamp(text, time_zone) %}
    {{ return(adapter.dispatch('utc_timestamp', 'segmented_customers')(text, time_zone)) }}
{% endmacro %}

{#-
    DuckDB (ICU). timezone(zone, naive) reads a wall-clock time in a zone and
    timezone('UTC', instant) gives the UTC wall-clock time, both independent
    of the session's TimeZone. ICU takes the later occurrence of a repeated
    wall-clock time; the earlier one (the offset in force a day before) is
    preferred when it reads back as the same wall-clock time, as on Spark.
-#}
{% macro default__utc_timestamp(text, time_zone) -%}
    {%- set naive = try_cast(text, api.Column.translate_type('timestamp')) -%}
    {%- set zone = sql_literal(time_zone) -%}
    {%- set day_before = '(' ~ naive ~ " - interval 1 day)" -%}
    {%- set earlier = '(' ~ naive ~ ' - (timezone(' ~ zone ~ ", timezone('UTC', "
        ~ day_before ~ ')) - ' ~ day_before ~ '))' -%}
    case
        when {{ regexp_like(text, sql_literal(iso_timestamp_pattern('naive'))) }}
            {%- if time_zone == 'UTC' %}
            then {{ naive }}
            {%- else %}
            then case
                when {{ regexp_like(text, sql_literal(iso_timestamp_pattern('date'))) }}
                    then {{ naive }}
                when timezone({{ zone }}, timezone('UTC', {{ earlier }}))
                    = {{ naive }}
                    then {{ earlier }}
                else timezone('UTC', timezone({{ zone }}, {{ naive }}))
            end
            {%- endif %}
        when {{ regexp_like(text, sql_literal(iso_timestamp_pattern('offset'))) }}
            then timezone('UTC', try_cast({{ text }} as timestamptz))
    end
{%- endmacro %}

{#-
    Spark: a cast reads the offset itself, and text without one in the
    session time zone (UTC); to_utc_timestamp then reads a naive value in
    the source zone (java.time: earlier occurrence, gaps moved forward).
-#}
{% macro spark__utc_timestamp(text, time_zone) -%}
    {%- set naive = try_cast(text, 'timestamp') -%}
    case
        when {{ regexp_like(text, sql_literal(iso_timestamp_pattern('naive'))) }}
            {%- if time_zone == 'UTC' %}
            then {{ naive }}
            {%- else %}
            then case
                when {{ regexp_like(text, sql_literal(iso_timestamp_pattern('date'))) }}
                    then {{ naive }}
                else to_utc_timestamp({{ naive }}, {{ sql_literal(time_zone) }})
            end
            {%- endif %}
        when {{ regexp_like(text, sql_literal(iso_timestamp_pattern('offset'))) }}
            then {{ naive }}
    end
{%- endmacro %}
