{#
    Regular expressions (RE2 and Java alike) of the timestamp shapes read
    from raw text:
    - 'date':   2024-03-01 (month and day may have one digit)
    - 'naive':  a date, optionally with ' ' or 'T', hours 0-23, minutes,
                optional seconds and fraction
    - 'offset': a naive date-time followed by Z, +HH:MM, +HHMM or +HH
                (hours up to 18, minutes 00-59), '-' for zones west of UTC
    Everything else is unparseable on every engine: a bare year, an hour
    without minutes, '03/04/2024', a zone name, a space before the offset.
#}
{% macro iso_timestamp_pattern(shape) -%}
    {%- set date = '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}' -%}
    {%- set time = '[ T]([01]?[0-9]|2[0-3]):[0-9]{1,2}(:[0-9]{1,2}([.][0-9]+)?)?' -%}
    {%- set offset = '(Z|[+-](0[0-9]|1[0-8])(:?[0-5][0-9])?)' -%}
    {%- set patterns = {
        'date': '^' ~ date ~ '$',
        'naive': '^' ~ date ~ '(' ~ time ~ ')?$',
        'offset': '^' ~ date ~ time ~ offset ~ '$',
    } -%}
    {%- if shape not in patterns -%}
        {{ exceptions.raise_compiler_error(
            "iso_timestamp_pattern: shape must be one of "
            ~ (patterns.keys() | list | join(', ')) ~ ", not " ~ shape
        ) }}
    {%- endif -%}
    {{ return(patterns[shape]) }}
{%- endmacro %}
