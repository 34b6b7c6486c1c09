{#
    A raw column as the staged type of its `kind`, typed columns kept typed:
    - text: trimmed, blank as null (clean_text); a typed column as its text;
    - timestamp: UTC (safe_timestamp); a typed timestamp is taken as it is
      when var source_timezone is UTC, a date as that date at 00:00;
    - date: a calendar date (safe_date); a typed date or timestamp as its date;
    - number: decimal(18, 2) (safe_numeric); a typed integer or decimal of
      scale <= 2 cast, null when it does not fit;
    - integer: bigint (safe_integer); a typed integer cast, null when it does
      not fit;
    - boolean: safe_boolean; a typed boolean as it is.
    Text (and any type not listed, through its text) is parsed: the result
    for a typed value is the one its text would give, so CSV and Parquet
    files of the same data stage alike. `types` is raw_column_types().
#}
{% macro typed_value(column, kind, types) -%}
    {%- set family = raw_type_family(types.get(column | lower)) -%}
    {%- set fast = typed_fast_path(kind, family) -%}
    {%- if kind == 'text' -%}
        {%- if family == 'text' or not types -%}
            {{ clean_text(column) }}
        {%- else -%}
            cast({{ column }} as {{ dbt.type_string() }})
        {%- endif -%}
    {%- elif fast and kind == 'timestamp' -%}
        cast({{ column }} as {{ api.Column.translate_type('timestamp') }})
    {%- elif fast and kind == 'date' -%}
        cast({{ column }} as date)
    {%- elif fast and kind == 'number' -%}
        {{ try_cast(column, 'decimal(18, 2)') }}
    {%- elif fast and kind == 'integer' -%}
        {{ try_cast(column, api.Column.translate_type('bigint')) }}
    {%- elif fast and kind == 'boolean' -%}
        {{ column }}
    {%- else -%}
        {%- set text = raw_text(column, family) -%}
        {%- if kind == 'timestamp' -%}{{ safe_timestamp(text) }}
        {%- elif kind == 'date' -%}{{ safe_date(text) }}
        {%- elif kind == 'number' -%}{{ safe_numeric(text) }}
        {%- elif kind == 'integer' -%}{{ safe_integer(text) }}
        {%- elif kind == 'boolean' -%}{{ safe_boolean(text) }}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "typed_value: kind must be text, timestamp, date, number,"
                ~ " integer or boolean, not " ~ kind
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#
    Why a raw column's typed_value is null, or null when it is not:
    'missing' (the raw value is null or blank), 'out_of_range' (a number
    that does not fit its type: '1e30', or a typed value too large),
    'unparseable' (anything else that does not read as the kind).
    Text columns have no state. Same arguments as typed_value.
#}
{% macro typed_state(column, kind, types) -%}
    {%- set family = raw_type_family(types.get(column | lower)) -%}
    {%- set value = typed_value(column, kind, types) -%}
    {%- if typed_fast_path(kind, family) -%}
        case
            when {{ column }} is null then 'missing'
            {%- if kind in ['number', 'integer'] %}
            when {{ value }} is null then 'out_of_range'
            {%- endif %}
        end
    {%- else -%}
        {%- set text = clean_text(raw_text(column, family)) -%}
        case
            when {{ text }} is null then 'missing'
            when {{ value }} is null then
            {%- if kind in ['number', 'integer'] %}
                case
                    when {{ regexp_like(text, sql_literal(number_pattern())) }}
                        then 'out_of_range'
                    else 'unparseable'
                end
            {%- else %} 'unparseable'
            {%- endif %}
        end
    {%- endif -%}
{%- endmacro %}

{#- The raw column as text, for the text path: other types cast. -#}
{% macro raw_text(column, family) -%}
    {%- if family == 'text' -%}
        {{ column }}
    {%- else -%}
        cast({{ column }} as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#-
    Whether a typed column of `family` is read as `kind` without its text.
    Timestamps only when var source_timezone is UTC: in another zone a
    naive value is converted by utc_timestamp, through its text.
-#}
{% macro typed_fast_path(kind, family) -%}
    {%- if kind == 'timestamp' -%}
        {{ return(family == 'date' or family == 'timestamp' and source_timezone() == 'UTC') }}
    {%- elif kind == 'date' -%}
        {{ return(family in ['date', 'timestamp']) }}
    {%- elif kind == 'number' -%}
        {{ return(family in ['decimal', 'integer']) }}
    {%- elif kind == 'integer' -%}
        {{ return(family == 'integer') }}
    {%- elif kind == 'boolean' -%}
        {{ return(family == 'boolean') }}
    {%- endif -%}
    {{ return(false) }}
{%- endmacro %}
