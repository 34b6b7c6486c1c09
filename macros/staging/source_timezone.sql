{#
    The IANA time zone in which raw timestamps without a UTC offset were
    written (var source_timezone, default 'UTC'), checked against the IANA
    database that dbt ships (pytz): a misspelt zone stops the run here with a
    message, instead of an engine error or a silent shift.
#}
{% macro source_timezone() -%}
    {%- set zone = setting('source_timezone') -%}
    {%- if zone is not string or zone not in modules.pytz.all_timezones_set -%}
        {{ exceptions.raise_compiler_error(
            "var source_timezone: " ~ (zone | string) ~ " is not an IANA time"
            ~ " zone name. Set it to the zone in which the raw timestamps"
            ~ " without a UTC offset were written, e.g. 'UTC' (the default),"
            ~ " 'Europe/Berlin' or 'America/New_York' (names are case-sensitive;"
            ~ " see docs/DATA_CONTRACT.md, Timestamps)."
        ) }}
    {%- endif -%}
    {{ return(zone) }}
{%- endmacro %}
