{#
    Replaces dbt-duckdb's write_to_file, which the external materialisation
    (the export files) calls: the same COPY, but of the rows in a total
    order (every column, left to right), so a rerun on unchanged data writes
    a byte-identical file. Without it the rows come in whatever order the
    engine produced them, which a parallel engine does not fix.
#}
{% macro write_to_file(relation, location, options) -%}
    {% call statement('write_to_file') -%}
        copy (select * from {{ relation }} order by all) to '{{ location }}' ({{ options }})
    {%- endcall %}
{%- endmacro %}
