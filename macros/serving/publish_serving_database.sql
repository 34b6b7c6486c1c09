{#
    on-run-end hook: after a successful `dbt build` or `dbt run` (or a
    `dbt retry` that completes one) on DuckDB,
    publishes the public tables to the serving file that BI tools, the
    dashboard and the semantic layer read (profiles.yml plugin
    segdb.duckdb_plugin, env SEGDB_SERVING_PATH; see its docstring for why).

    Published: every model under models/marts/ and every node an exposure
    depends on, as tables with their table and column comments, in the
    same schemas as in the build's database (views are materialised).
    They are written to a new file next to the serving file,
    `<serving>.tmp-<invocation_id>`, which then replaces the serving file
    in one atomic rename: readers connected to the old file keep reading
    it, new connections read the new one, and nobody ever sees half a build.

    Not published, and logged why: a failed, errored or skipped node (the
    serving file keeps the last successful build), no mart built by this
    run, or a target without the plugin. Spark has no serving file: its
    tables are read where dbt writes them (docs/spark.md). Renders no SQL.
#}
{% macro publish_serving_database(results) %}
    {%- if not execute or target.type != 'duckdb' or flags.WHICH not in ['build', 'run', 'retry'] -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set plugin = run_query(
        "select count(*) from duckdb_functions()"
        ~ " where function_name = 'segdb_serving_replace'"
    ).columns[0].values()[0] -%}
    {%- if plugin == 0 -%}
        {{- log(
            'Serving file: not published, the target ' ~ target.name ~ ' has no'
            ~ ' segdb.duckdb_plugin in profiles.yml (see docs/serving.md).',
            info=true,
        ) -}}
        {{- return('') -}}
    {%- endif -%}
    {%- set serving = run_query('select segdb_serving_path()').columns[0].values()[0] -%}

    {%- set unsuccessful = [] -%}
    {%- set marts_built = [] -%}
    {%- for result in results -%}
        {%- if result.status in ['error', 'fail', 'runtime error', 'skipped', 'partial success'] -%}
            {%- do unsuccessful.append(result.node.name ~ ' (' ~ result.status ~ ')') -%}
        {%- elif result.node.resource_type == 'model' and result.node.fqn[1] == 'marts' -%}
            {%- do marts_built.append(result.node.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if unsuccessful -%}
        {{- log(
            'Serving file: not published, ' ~ unsuccessful | length ~ ' node(s) did not'
            ~ ' succeed: ' ~ (unsuccessful | sort | join(', ')) ~ '. Readers of '
            ~ serving ~ ' keep the last successful build.',
            info=true,
        ) -}}
        {{- return('') -}}
    {%- endif -%}
    {%- if not marts_built -%}
        {{- log(
            'Serving file: not published, this run built no mart; ' ~ serving
            ~ ' is unchanged.',
            info=true,
        ) -}}
        {{- return('') -}}
    {%- endif -%}

    {#- the public tables: marts and whatever an exposure reads -#}
    {%- set exposed = [] -%}
    {%- for exposure in graph.exposures.values() -%}
        {%- do exposed.extend(exposure.depends_on.nodes) -%}
    {%- endfor -%}
    {%- set relations = [] -%}
    {%- set missing = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id')
        if node.resource_type in ['model', 'seed', 'snapshot']
        and node.config.materialized != 'ephemeral'
        and (
            (node.resource_type == 'model' and node.fqn[1] == 'marts')
            or node.unique_id in exposed
        ) -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias
        ) -%}
        {%- if relation is none -%}
            {%- do missing.append(node.name) -%}
        {%- else -%}
            {%- do relations.append(relation) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set tmp = serving ~ '.tmp-' ~ invocation_id -%}
    {%- set removed = run_query(
        'select segdb_serving_prepare(' ~ sql_literal(tmp) ~ ')'
    ).columns[0].values()[0] -%}
    {%- if removed -%}
        {{- log('Serving file: removed ' ~ removed ~ ' unfinished copy(ies) left by'
            ~ ' earlier builds that stopped before publishing.', info=true) -}}
    {%- endif -%}
    {%- do run_query('detach database if exists segdb_serving') -%}
    {%- do run_query('attach ' ~ sql_literal(tmp) ~ ' as segdb_serving') -%}
    {%- for relation in relations -%}
        {%- set published = adapter.quote('segdb_serving') ~ '.'
            ~ adapter.quote(relation.schema) ~ '.' ~ adapter.quote(relation.identifier) -%}
        {%- do run_query(
            'create schema if not exists segdb_serving.' ~ adapter.quote(relation.schema)
        ) -%}
        {%- do run_query('create table ' ~ published ~ ' as select * from ' ~ relation) -%}
        {%- set comments = run_query(
            "select null as column_name, comment from duckdb_tables()"
            ~ " where database_name = " ~ sql_literal(relation.database)
            ~ " and schema_name = " ~ sql_literal(relation.schema)
            ~ " and table_name = " ~ sql_literal(relation.identifier)
            ~ " union all select null, comment from duckdb_views()"
            ~ " where database_name = " ~ sql_literal(relation.database)
            ~ " and schema_name = " ~ sql_literal(relation.schema)
            ~ " and view_name = " ~ sql_literal(relation.identifier)
            ~ " union all select column_name, comment from duckdb_columns()"
            ~ " where database_name = " ~ sql_literal(relation.database)
            ~ " and schema_name = " ~ sql_literal(relation.schema)
            ~ " and table_name = " ~ sql_literal(relation.identifier)
        ) -%}
        {%- for row in comments.rows if row[1] -%}
            {%- if row[0] is none -%}
                {%- do run_query(
                    'comment on table ' ~ published ~ ' is ' ~ sql_literal(row[1])
                ) -%}
            {%- else -%}
                {%- do run_query(
                    'comment on column ' ~ published ~ '.' ~ adapter.quote(row[0])
                    ~ ' is ' ~ sql_literal(row[1])
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do run_query('detach database segdb_serving') -%}
    {%- do run_query('select segdb_serving_replace(' ~ sql_literal(tmp) ~ ')') -%}
    {{- log(
        'Serving file: published ' ~ relations | length ~ ' tables to ' ~ serving
        ~ (' (not in the database, so not published: ' ~ (missing | sort | join(', '))
            ~ ')' if missing else '')
        ~ '. Readers connected before keep the previous build until they reconnect.',
        info=true,
    ) -}}
{% endmacro %}
