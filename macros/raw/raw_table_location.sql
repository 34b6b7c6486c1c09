{# Where a raw table is read from (a relation or a table function), or none. #}
{% macro raw_table_location(table_name) %}
    {{ return(adapter.dispatch('raw_table_location', 'segmented_customers')(table_name)) }}
{% endmacro %}

{% macro duckdb__raw_table_location(table_name) %}
    {% set folder = setting('raw_data_path') %}
    {% set folder = folder[:-1] if folder.endswith('/') else folder %}
    {% for extension in ['parquet', 'csv'] %}
        {% set path = sql_literal(folder ~ '/' ~ table_name ~ '.' ~ extension) %}
        {% set hits = run_query("select count(*) from glob(" ~ path ~ ")") %}
        {% if hits.columns[0].values()[0] > 0 %}
            {% if extension == 'parquet' %}
                {{ return("read_parquet(" ~ path ~ ")") }}
            {% else %}
                {{ return("read_csv(" ~ path ~ ", header = true, all_varchar = true)") }}
            {% endif %}
        {% endif %}
    {% endfor %}
    {{ return(none) }}
{% endmacro %}

{#
    Spark reads the same files as DuckDB: <raw_data_path>/<table>.parquet,
    else .csv (header row, every column as text, RFC 4180 quoting). Each
    file becomes an external table <table>__file in the raw schema, which
    is returned; dropping it never deletes the file. With raw_data_path
    empty, the tables of var('raw_schema') are read instead, as on other
    warehouses.
#}
{% macro spark__raw_table_location(table_name) %}
    {% set folder = setting('raw_data_path') %}
    {% if not folder %}
        {{ return(default__raw_table_location(table_name)) }}
    {% endif %}
    {% set folder = folder[:-1] if folder.endswith('/') else folder %}
    {#- lists the folder's files without reading them -#}
    {% set listed = run_query(
        'select path from binaryFile.`' ~ folder | replace('`', '``') ~ '`'
    ).columns[0].values() %}
    {% set file_table = api.Relation.create(
        database=target.get('database'),
        schema=target.schema ~ '_raw',
        identifier=table_name ~ '__file',
        type='table',
    ) %}
    {% for extension in ['parquet', 'csv'] %}
        {% set name = table_name ~ '.' ~ extension %}
        {% set matches = [] %}
        {% for path in listed if path.endswith('/' ~ name) %}
            {% do matches.append(path) %}
        {% endfor %}
        {% if matches %}
            {% set options = {'path': folder ~ '/' ~ name} %}
            {% if extension == 'csv' %}
                {% do options.update({
                    'header': 'true', 'multiLine': 'true', 'escape': '"',
                }) %}
            {% endif %}
            {% do run_query('drop table if exists ' ~ file_table) %}
            {% call statement('register_raw_file_' ~ table_name) %}
                create table {{ file_table }}
                using {{ extension }}
                options (
                {%- for key, value in options.items() %}
                    {{ key }} {{ sql_literal(value) }}
                    {{- ',' if not loop.last }}
                {%- endfor %}
                )
            {% endcall %}
            {{ return(file_table) }}
        {% endif %}
    {% endfor %}
    {{ return(none) }}
{% endmacro %}

{% macro default__raw_table_location(table_name) %}
    {% set relation = adapter.get_relation(
        database=target.get('database'), schema=setting('raw_schema'), identifier=table_name
    ) %}
    {{ return(relation) }}
{% endmacro %}
