{#
    The one way a value becomes SQL: every var, YAML value or text that a
    macro or model writes into SQL goes through here, never pasted raw.
      true / false      true / false
      a finite number   as it is (1, 0.25, -3); nan and inf are refused
      text              quoted; on DuckDB and other ANSI targets a quote is
                        doubled ('it''s'); on Spark and Databricks, whose
                        literals treat a backslash as an escape, backslashes
                        and quotes are escaped ('it\'s', 'a\\b')
      a date            quoted ISO text ('2026-01-31'), e.g. an unquoted
                        date given with --vars
      a list            (a, b, ...) of the above, never empty
    Anything else (null, a mapping, an empty list) stops with an error: a
    var's form is checked first by macro setting.
#}
{% macro sql_literal(value) -%}
    {%- if value is sameas true -%}
        true
    {%- elif value is sameas false -%}
        false
    {%- elif value is number -%}
        {%- if (value | string) in ['nan', 'inf', '-inf'] -%}
            {{ exceptions.raise_compiler_error("Cannot write " ~ value ~ " as a SQL literal: not a finite number") }}
        {%- endif -%}
        {{ value }}
    {%- elif value is string -%}
        {%- if target.type in ['spark', 'databricks'] -%}
            '{{ value | replace("\\", "\\\\") | replace("'", "\\'") }}'
        {%- else -%}
            '{{ value | replace("'", "''") }}'
        {%- endif -%}
    {%- elif value is mapping or value is none -%}
        {{ exceptions.raise_compiler_error("Cannot write " ~ (value | pprint) ~ " as a SQL literal: expected a number, text, a date, true/false or a list of them") }}
    {%- elif value.isoformat is defined and value.year is defined -%}
        {{ sql_literal(value.isoformat()) }}
    {%- elif value is sequence -%}
        {%- if value | length == 0 -%}
            {{ exceptions.raise_compiler_error("Cannot write an empty list as a SQL literal") }}
        {%- endif -%}
        ({% for item in value %}{{ sql_literal(item) }}{{ ', ' if not loop.last }}{% endfor %})
    {%- else -%}
        {{ exceptions.raise_compiler_error("Cannot write " ~ (value | pprint) ~ " as a SQL literal") }}
    {%- endif -%}
{%- endmacro %}
