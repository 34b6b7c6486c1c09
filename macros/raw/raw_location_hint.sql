{% macro raw_location_hint(table_name) %}
    {% if target.type == 'duckdb' or (target.type == 'spark' and var('raw_data_path')) %}
        {{ return("looked for " ~ table_name ~ ".parquet and " ~ table_name
            ~ ".csv in raw_data_path '" ~ var('raw_data_path') ~ "'") }}
    {% else %}
        {{ return("looked in schema '" ~ var('raw_schema') ~ "'") }}
    {% endif %}
{% endmacro %}
