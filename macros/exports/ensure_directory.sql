{#
    Creates a folder and its parents for an external export (dbt-duckdb
    writes files but does not create folders), with DuckDB alone: a
    partitioned COPY of zero rows creates its target folder and writes no
    file; with overwrite_or_ignore an existing folder and its files are
    left alone. Runs as a pre-hook; renders no SQL of its own.
#}
{% macro ensure_directory(path) %}
    {%- if execute -%}
        {%- set parts = [] -%}
        {%- for part in path.rstrip('/').split('/') -%}
            {%- do parts.append(part) -%}
            {%- set folder = parts | join('/') -%}
            {%- if part not in ['', '.', '..'] -%}
                {%- do run_query(
                    "copy (select 1 as partition_key, 1 as payload where false) to "
                    ~ sql_literal(folder)
                    ~ " (format csv, partition_by (partition_key), overwrite_or_ignore true)"
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
