{% macro raw_location_hint(table_name) %}
    {% if target.type == 'duckdb' %}
        {{ return("looked for " ~ table_name ~ ".parquet and " ~ table_name
            ~ ".csv in raw_data_path '" ~ var('raw_data_path') ~ "'") }}
    {% else %}
        {{ return("looked in schema '" ~ var('raw_schema') ~ "'") }}
    {% endif %}
{% endmacro %}
