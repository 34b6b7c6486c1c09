{#
    Exposes every table of the raw input contract (the `shop` source) as a view
    in the schema `<target.schema>_raw`, with exactly the contract's columns,
    all as text, in contract order. Called by on-run-start, so every dbt
    command that runs SQL sees the same contract-shaped relations.

    - DuckDB targets read `<raw_data_path>/<table>.parquet`, else `.csv`.
    - Other targets read the table of the same name in var('raw_schema').
    - Column names match case-insensitively; extra columns are ignored.
    - A missing optional table becomes an empty view; a missing optional column
      becomes null; a missing required table or column stops the run with an
      error naming them.
#}
{% macro register_raw_tables() %}
    {% if not execute %}{{ return('') }}{% endif %}
    {% set raw_schema_relation = api.Relation.create(
        database=target.database, schema=target.schema ~ '_raw'
    ) %}
    {% do adapter.create_schema(raw_schema_relation) %}
    {% for table in raw_contract_tables() %}
        {% set found = raw_table_location(table.name) %}
        {% if found is none and table.required %}
            {{ exceptions.raise_compiler_error(
                "Raw table '" ~ table.name ~ "' is required but was not found ("
                ~ raw_location_hint(table.name)
                ~ "). See DATA_CONTRACT.md for the tables and columns expected."
            ) }}
        {% endif %}
        {% set present = raw_table_columns(found) if found is not none else {} %}
        {% for column in table.columns %}
            {% if column.required and column.name not in present %}
                {{ exceptions.raise_compiler_error(
                    "Raw table '" ~ table.name ~ "' is missing the required column '"
                    ~ column.name ~ "' (" ~ raw_location_hint(table.name)
                    ~ "). Columns found: " ~ (present.keys() | list | sort | join(', '))
                ) }}
            {% endif %}
        {% endfor %}
        {% set view = api.Relation.create(
            database=target.database, schema=raw_schema_relation.schema, identifier=table.name
        ) %}
        {% call statement('register_raw_' ~ table.name) %}
            create or replace view {{ view }} as
            select
            {%- for column in table.columns %}
                {% if column.name in present -%}
                    cast({{ adapter.quote(present[column.name]) }} as {{ dbt.type_string() }})
                {%- else -%}
                    cast(null as {{ dbt.type_string() }})
                {%- endif %} as {{ column.name }}{{ ',' if not loop.last }}
            {%- endfor %}
            {% if found is not none %}
            from {{ found }}
            {% else %}
            where 1 = 0
            {% endif %}
        {% endcall %}
        {{ log('raw table ' ~ table.name ~ ': '
            ~ (found if found is not none else 'absent, registered as empty'), info=false) }}
    {% endfor %}
    {# hooks run inside a transaction that dbt would otherwise roll back #}
    {% do adapter.commit() %}
{% endmacro %}


{# The contract (tables, columns, required flags) as declared in _shop__sources.yml. #}
{% macro raw_contract_tables() %}
    {% set tables = [] %}
    {% for node in graph.sources.values() | sort(attribute='name') %}
        {% if node.source_name == 'shop' and node.package_name == project_name %}
            {% set columns = [] %}
            {% for column in node.columns.values() %}
                {% do columns.append({
                    'name': column.name | lower,
                    'required': column.meta.get('required', false)
                        or column.get('config', {}).get('meta', {}).get('required', false),
                }) %}
            {% endfor %}
            {% do tables.append({
                'name': node.name,
                'required': node.meta.get('required_table', false)
                    or node.config.get('meta', {}).get('required_table', false),
                'columns': columns,
            }) %}
        {% endif %}
    {% endfor %}
    {{ return(tables) }}
{% endmacro %}


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


{# Lower-cased column name -> the name as it is spelled in the raw table. #}
{% macro raw_table_columns(location) %}
    {% set columns = {} %}
    {% if location is string %}
        {% set described = run_query('describe select * from ' ~ location) %}
        {% for name in described.columns[0].values() %}
            {% do columns.update({name | lower: name}) %}
        {% endfor %}
    {% else %}
        {% for column in adapter.get_columns_in_relation(location) %}
            {% do columns.update({column.name | lower: column.name}) %}
        {% endfor %}
    {% endif %}
    {{ return(columns) }}
{% endmacro %}


{% macro raw_location_hint(table_name) %}
    {% if target.type == 'duckdb' %}
        {{ return("looked for " ~ table_name ~ ".parquet and " ~ table_name
            ~ ".csv in raw_data_path '" ~ var('raw_data_path') ~ "'") }}
    {% else %}
        {{ return("looked in schema '" ~ var('raw_schema') ~ "'") }}
    {% endif %}
{% endmacro %}
