{# Where a raw table is read from (a relation or a table function), or none. #}
{% macro raw_table_location(table_name) %}
    {{ return(adapter.dispatch('raw_table_location', 'segmented_customers')(table_name)) }}
{% endmacro %}

{% macro duckdb__raw_table_location(table_name) %}
    {% set folder = var('raw_data_path') | string %}
    {% set folder = folder[:-1] if folder.endswith('/') else folder %}
    {% for extension in ['parquet', 'csv'] %}
        {% set path = (folder ~ '/' ~ table_name ~ '.' ~ extension) | replace("'", "''") %}
        {% set hits = run_query("select count(*) from glob('" ~ path ~ "')") %}
        {% if hits.columns[0].values()[0] > 0 %}
            {% if extension == 'parquet' %}
                {{ return("read_parquet('" ~ path ~ "')") }}
            {% else %}
                {{ return("read_csv('" ~ path ~ "', header = true, all_varchar = true)") }}
            {% endif %}
        {% endif %}
    {% endfor %}
    {{ return(none) }}
{% endmacro %}

{% macro default__raw_table_location(table_name) %}
    {% set relation = adapter.get_relation(
        database=target.database, schema=var('raw_schema'), identifier=table_name
    ) %}
    {{ return(relation) }}
{% endmacro %}
