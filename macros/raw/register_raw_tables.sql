{#
    Exposes every table of the raw input contract (the `shop` source) as a view
    in the schema `<target.schema>_raw`, with exactly the contract's columns,
    in contract order, each with the type the source gives it (a CSV file's
    columns are text, a Parquet file's or a table's keep their types; the
    base models parse text only where the source is text). Called by on-run-start, so every dbt
    command that runs SQL sees the same contract-shaped relations.

    - DuckDB and Spark targets read `<raw_data_path>/<table>.parquet`, else
      `.csv` (Spark through an external table per file).
    - Other targets read the table of the same name in var('raw_schema').
    - Column names match case-insensitively; extra columns are ignored.
    - A missing optional table becomes an empty view (of text columns); a
      missing optional column becomes null text; a missing required table or column stops the run with an
      error naming them.
#}
{% macro register_raw_tables() %}
    {% if not execute %}{{ return('') }}{% endif %}
    {#- Spark targets have no database: target.get gives none there #}
    {% set raw_schema_relation = api.Relation.create(
        database=target.get('database'), schema=target.schema ~ '_raw'
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
            database=target.get('database'), schema=raw_schema_relation.schema, identifier=table.name
        ) %}
        {% call statement('register_raw_' ~ table.name) %}
            create or replace view {{ view }} as
            select
            {%- for column in table.columns %}
                {% if column.name in present -%}
                    {{ adapter.quote(present[column.name]) }}
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
