{#
    on-run-start hook: on Spark targets, logs which models do not build
    there and why, so a user never wonders where they went. Renders no SQL.
      - the Python models (the clustering and predicted-value fits), unless the target is a
        Databricks cluster: dbt-spark runs Python models only there; their
        SQL stand-ins (tag python_stand_in) build instead and fit nothing;
      - the DuckDB exports (dbt-duckdb external materialisation).
#}
{% macro spark_target_notice() %}
    {%- if execute and target.type == 'spark' -%}
        {%- set stand_ins = [] -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and 'python_stand_in' in node.tags -%}
            {%- do stand_ins.append(node.name) -%}
        {%- endfor -%}
        {%- if stand_ins -%}
        {{ log(
            'Spark target: Python models disabled: '
            ~ (stand_ins | sort | join(', '))
            ~ ' (dbt-spark runs Python models only on Databricks).'
            ~ ' Their SQL stand-ins build instead and fit nothing:'
            ~ " every buyer is in cluster segment 'unknown' and customer"
            ~ ' value predictions are null with the reason.'
            ~ ' To run them, see docs/spark.md.',
            info=true,
        ) }}
        {%- endif -%}
        {{ log(
            'Spark target: DuckDB-only models disabled: export_email_audiences,'
            ~ ' export_ad_audiences (files written by dbt-duckdb).',
            info=true,
        ) }}
    {%- endif -%}
{% endmacro %}
